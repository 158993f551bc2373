package crmdata

var (
	taskStatuses   = []string{"Not Started", "Deferred", "In Progress", "Completed", "Waiting for input"}
	taskPriorities = []string{"High", "Highest", "Low", "Lowest", "Normal"}
)

// relatedTo is Who_Id (a contact) and What_Id (the account the activity
// is about; records also carry "$se_module") of every activity.
func relatedTo() []Field {
	return []Field{
		fld("Who_Id", "Contact Name", "lookup", to(Contacts)),
		fld("What_Id", "Related To", "lookup", to(Accounts)),
	}
}

func taskFields() []Field {
	fs := []Field{
		fld("Subject", "Subject", "text", length(300), mandatory),
		fld("Due_Date", "Due Date", "date"),
		fld("Status", "Status", "picklist", picks(taskStatuses...)),
		fld("Priority", "Priority", "picklist", picks(taskPriorities...)),
		fld("Send_Notification_Email", "Send Notification Email", "boolean"),
		fld("Closed_Time", "Closed Time", "datetime", readOnly),
	}
	fs = append(fs, relatedTo()...)
	fs = append(fs, fld("Description", "Description", "textarea"))
	return append(fs, systemFields("Task", false)...)
}

func callFields() []Field {
	fs := []Field{
		fld("Subject", "Subject", "text", length(300), mandatory),
		fld("Call_Type", "Call Type", "picklist", mandatory, picks("Outbound", "Inbound", "Missed")),
		fld("Call_Purpose", "Call Purpose", "picklist", picks("Prospecting", "Administrative", "Negotiation",
			"Demo", "Project", "Desk")),
		fld("Call_Start_Time", "Call Start Time", "datetime", mandatory),
		fld("Call_Duration", "Call Duration", "text", length(10)),
		fld("Call_Duration_in_seconds", "Call Duration (in seconds)", "integer", readOnly),
		fld("Call_Result", "Call Result", "picklist", picks("Interested", "Not interested", "No response/Busy",
			"Requested more info", "Requested call back", "Invalid number")),
		fld("Billable", "Billable", "boolean"),
	}
	fs = append(fs, relatedTo()...)
	fs = append(fs, fld("Description", "Description", "textarea"))
	return append(fs, systemFields("Call", false)...)
}

func eventFields() []Field {
	fs := []Field{
		fld("Event_Title", "Title", "text", length(255), mandatory),
		fld("Venue", "Location", "text", length(255)),
		fld("Start_DateTime", "From", "datetime", mandatory),
		fld("End_DateTime", "To", "datetime", mandatory),
		fld("All_day", "All day", "boolean"),
	}
	fs = append(fs, relatedTo()...)
	fs = append(fs, fld("Description", "Description", "textarea"))
	return append(fs, systemFields("Meeting", false)...)
}

// activityFields are the Activities module's (v2/v2.1): one list of
// tasks, meetings and calls, told apart by Activity_Type. The emulator
// generates it as a module of its own.
func activityFields() []Field {
	fs := []Field{
		fld("Activity_Type", "Activity Type", "picklist", mandatory, picks("Tasks", "Events", "Calls")),
		fld("Subject", "Subject", "text", length(300), mandatory),
		fld("Due_Date", "Due Date", "date"),
		fld("Start_DateTime", "From", "datetime"),
		fld("End_DateTime", "To", "datetime"),
		fld("Status", "Status", "picklist", picks(taskStatuses...)),
		fld("Priority", "Priority", "picklist", picks(taskPriorities...)),
	}
	fs = append(fs, relatedTo()...)
	fs = append(fs, fld("Description", "Description", "textarea"))
	return append(fs, systemFields("Activity", false)...)
}
