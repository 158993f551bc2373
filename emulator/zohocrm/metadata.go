package zohocrm

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/zohoaep/zohoaep/emulator/zohocrm/crmdata"
)

// settings/modules, settings/fields and settings/layouts (reference §12.1,
// §12.2): crmdata's catalogue as version v shows it (Activities only
// until v2.1; Converted__s and Record_Status__s from v3 and v6).

// inVersion reports whether version v lists module m at all (modules
// that are not api_supported are listed but serve no records).
func inVersion(v Version, m crmdata.Module) bool {
	if m.UntilVersion == "" {
		return true
	}
	until, ok := ParseVersion(m.UntilVersion)
	return !ok || v <= until
}

type moduleJSON struct {
	HasMoreProfiles        bool           `json:"has_more_profiles"`
	AccessType             string         `json:"access_type"`
	PrivateProfile         *string        `json:"private_profile"`
	GlobalSearchSupported  bool           `json:"global_search_supported"`
	Deletable              bool           `json:"deletable"`
	Description            *string        `json:"description"`
	Creatable              bool           `json:"creatable"`
	RecycleBinOnDelete     bool           `json:"recycle_bin_on_delete"`
	ModifiedTime           *zohoTime      `json:"modified_time"`
	PluralLabel            string         `json:"plural_label"`
	PresenceSubMenu        bool           `json:"presence_sub_menu"`
	ActualPluralLabel      string         `json:"actual_plural_label"`
	Lookupable             bool           `json:"lookupable"`
	ID                     string         `json:"id"`
	BlueprintSupported     bool           `json:"isBlueprintSupported"`
	Visibility             int            `json:"visibility"`
	Convertable            bool           `json:"convertable"`
	SubMenuAvailable       bool           `json:"sub_menu_available"`
	Editable               bool           `json:"editable"`
	ActualSingularLabel    string         `json:"actual_singular_label"`
	Profiles               []nameRef      `json:"profiles"`
	ShowAsTab              bool           `json:"show_as_tab"`
	WebLink                *string        `json:"web_link"`
	SequenceNumber         int            `json:"sequence_number"`
	SingularLabel          string         `json:"singular_label"`
	Viewable               bool           `json:"viewable"`
	APISupported           bool           `json:"api_supported"`
	APIName                string         `json:"api_name"`
	QuickCreate            bool           `json:"quick_create"`
	ModifiedBy             *nameRef       `json:"modified_by"`
	GeneratedType          string         `json:"generated_type"`
	FeedsRequired          bool           `json:"feeds_required"`
	PublicFieldsConfigured bool           `json:"public_fields_configured"`
	Arguments              []any          `json:"arguments"`
	ModuleName             string         `json:"module_name"`
	ProfileCount           int            `json:"profile_count"`
	BusinessCardFieldLimit int            `json:"business_card_field_limit"`
	ParentModule           map[string]any `json:"parent_module"`
	Status                 string         `json:"status"`
}

type modulesResponse struct {
	Modules []moduleJSON `json:"modules"`
}

// moduleStatus is the `status` Zoho shows for a visibility.
func moduleStatus(visibility int) string {
	switch visibility {
	case 0:
		return "user_hidden"
	case 2:
		return "system_hidden"
	case -1:
		return "scheduled_for_deletion"
	}
	return "visible"
}

var moduleStatuses = []string{"user_hidden", "system_hidden", "scheduled_for_deletion", "visible"}

func (c *call) moduleJSON(m crmdata.Module) moduleJSON {
	prefix := c.org.Prefix
	profiles := []nameRef{{AdminProfile, profileID(prefix, AdminProfile)}, {"Standard", profileID(prefix, "Standard")}}
	out := moduleJSON{
		AccessType: "org_based", GlobalSearchSupported: m.APISupported, Deletable: m.Deletable, Creatable: m.Creatable,
		RecycleBinOnDelete: m.Deletable, PluralLabel: m.PluralLabel, PresenceSubMenu: m.APISupported,
		ActualPluralLabel: m.PluralLabel, Lookupable: m.APISupported, ID: m.ID, BlueprintSupported: m.APISupported,
		Visibility: m.Visibility, Convertable: m.Convertable, SubMenuAvailable: m.APISupported, Editable: m.Editable,
		ActualSingularLabel: m.SingularLabel, Profiles: profiles, ShowAsTab: m.Visibility == 1,
		SequenceNumber: m.SequenceNumber, SingularLabel: m.SingularLabel, Viewable: m.Viewable,
		APISupported: m.APISupported, APIName: m.APIName, QuickCreate: m.Creatable, GeneratedType: m.GeneratedType,
		Arguments: []any{}, ModuleName: m.ModuleName, ProfileCount: len(profiles), BusinessCardFieldLimit: 5,
		ParentModule: map[string]any{}, Status: moduleStatus(m.Visibility),
	}
	if !m.ModifiedTime.IsZero() {
		t := c.time(m.ModifiedTime)
		out.ModifiedTime = &t
		if p, ok := c.org.primary(); ok {
			out.ModifiedBy = &nameRef{p.name(), p.ID}
		}
	}
	return out
}

// listModules is GET /crm/{v}/settings/modules.
func (s *Service) listModules(c *call) (any, error) {
	var want []string
	if raw := c.r.URL.Query().Get("status"); raw != "" {
		for st := range strings.SplitSeq(raw, ",") {
			if !contains(moduleStatuses, st) {
				return nil, invalidChoice("status", moduleStatuses...)
			}
			want = append(want, st)
		}
	}
	out := modulesResponse{Modules: []moduleJSON{}}
	for _, m := range s.data.Modules(c.org.OrgID) {
		if !inVersion(c.v, m) || want != nil && !contains(want, moduleStatus(m.Visibility)) {
			continue
		}
		out.Modules = append(out.Modules, c.moduleJSON(m))
	}
	if len(out.Modules) == 0 {
		return noContent, nil
	}
	return out, nil
}

// getModule is GET /crm/{v}/settings/modules/{api_name}.
func (s *Service) getModule(c *call) (any, error) {
	m, ok := s.data.Module(c.org.OrgID, mux.Vars(c.r)["module"])
	if !ok || !inVersion(c.v, m) {
		return nil, errModule
	}
	return modulesResponse{Modules: []moduleJSON{c.moduleJSON(m)}}, nil
}

type fieldJSON struct {
	APIName         string                  `json:"api_name"`
	FieldLabel      string                  `json:"field_label"`
	DisplayLabel    string                  `json:"display_label"`
	DataType        string                  `json:"data_type"`
	JSONType        string                  `json:"json_type"`
	Length          int                     `json:"length"`
	ID              string                  `json:"id"`
	CustomField     bool                    `json:"custom_field"`
	ReadOnly        bool                    `json:"read_only"`
	FieldReadOnly   bool                    `json:"field_read_only"`
	Visible         bool                    `json:"visible"`
	SystemMandatory bool                    `json:"system_mandatory"`
	PickListValues  []crmdata.PickListValue `json:"pick_list_values"`
	Lookup          map[string]any          `json:"lookup"`
	DecimalPlace    *int                    `json:"decimal_place"`
	CreatedSource   string                  `json:"created_source"`
	Sortable        bool                    `json:"sortable"`
	Filterable      bool                    `json:"filterable"`
	OperationType   map[string]bool         `json:"operation_type"`
	UIType          int                     `json:"ui_type"`
	DisplayType     int                     `json:"display_type"`
}

type fieldsResponse struct {
	Fields []fieldJSON `json:"fields"`
}

// fieldJSON renders a field; lookups name their module as a string on
// v2 and as {"api_name","id"} from v2.1 (Zoho's OpenAPI).
func fieldOut(v Version, f crmdata.Field, moduleIDs map[string]string) fieldJSON {
	writable := !f.ReadOnly && !f.FieldReadOnly
	out := fieldJSON{
		APIName: f.APIName, FieldLabel: f.FieldLabel, DisplayLabel: f.DisplayLabel, DataType: f.DataType,
		JSONType: f.JSONType, Length: f.Length, ID: f.ID, CustomField: f.CustomField, ReadOnly: f.ReadOnly,
		FieldReadOnly: f.FieldReadOnly, Visible: f.Visible, SystemMandatory: f.SystemMandatory,
		PickListValues: f.PickListValues, Lookup: map[string]any{}, DecimalPlace: f.DecimalPlace,
		CreatedSource: "default", Sortable: f.Sortable, Filterable: f.Filterable,
		OperationType: map[string]bool{"web_update": writable, "api_create": writable, "web_create": writable, "api_update": writable},
		UIType:        f.UIType, DisplayType: -1,
	}
	if f.CustomField {
		out.CreatedSource = "custom"
	}
	if out.PickListValues == nil {
		out.PickListValues = []crmdata.PickListValue{}
	}
	if f.Lookup != nil && f.Lookup.Module != "" {
		if v == V2 {
			out.Lookup = map[string]any{"module": f.Lookup.Module, "id": moduleIDs[f.Lookup.Module]}
		} else {
			out.Lookup = map[string]any{"module": map[string]any{"api_name": f.Lookup.Module, "id": moduleIDs[f.Lookup.Module]}}
		}
	}
	return out
}

// metaModule finds the module a settings read names in ?module=.
func (s *Service) metaModule(c *call) (crmdata.Module, error) {
	name := c.r.URL.Query().Get("module")
	if name == "" {
		return crmdata.Module{}, requiredParam("module")
	}
	m, ok := s.data.Module(c.org.OrgID, name)
	if !ok || !inVersion(c.v, m) {
		return crmdata.Module{}, newError(http.StatusBadRequest, CodeInvalidModule, errModule.Message,
			map[string]any{"param_name": "module"})
	}
	return m, nil
}

func (s *Service) moduleIDs(orgID string) map[string]string {
	ids := map[string]string{}
	for _, m := range s.data.Modules(orgID) {
		ids[m.APIName] = m.ID
	}
	return ids
}

// listFields is GET /crm/{v}/settings/fields?module=.
func (s *Service) listFields(c *call) (any, error) {
	m, err := s.metaModule(c)
	if err != nil {
		return nil, err
	}
	ids := s.moduleIDs(c.org.OrgID)
	out := fieldsResponse{}
	for _, f := range versionFields(c.v, m) {
		out.Fields = append(out.Fields, fieldOut(c.v, f, ids))
	}
	return out, nil
}

type layoutJSON struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Visible  bool          `json:"visible"`
	Status   string        `json:"status"`
	Profiles []nameRef     `json:"profiles"`
	Sections []sectionJSON `json:"sections"`
}

type sectionJSON struct {
	DisplayLabel   string      `json:"display_label"`
	Name           string      `json:"name"`
	SequenceNumber int         `json:"sequence_number"`
	ColumnCount    int         `json:"column_count"`
	Fields         []fieldJSON `json:"fields"`
}

type layoutsResponse struct {
	Layouts []layoutJSON `json:"layouts"`
}

// listLayouts is GET /crm/{v}/settings/layouts?module=: one standard
// layout, the module's fields in an information section and the long
// texts in a description section.
func (s *Service) listLayouts(c *call) (any, error) {
	m, err := s.metaModule(c)
	if err != nil {
		return nil, err
	}
	ids := s.moduleIDs(c.org.OrgID)
	main := sectionJSON{DisplayLabel: m.SingularLabel + " Information", SequenceNumber: 1, ColumnCount: 2, Fields: []fieldJSON{}}
	desc := sectionJSON{DisplayLabel: "Description Information", SequenceNumber: 2, ColumnCount: 1}
	for _, f := range versionFields(c.v, m) {
		if f.DataType == "textarea" {
			desc.Fields = append(desc.Fields, fieldOut(c.v, f, ids))
		} else {
			main.Fields = append(main.Fields, fieldOut(c.v, f, ids))
		}
	}
	main.Name, desc.Name = main.DisplayLabel, desc.DisplayLabel
	sections := []sectionJSON{main}
	if len(desc.Fields) > 0 {
		sections = append(sections, desc)
	}
	var suffix int64
	if len(m.ID) == 19 {
		suffix, _ = strconv.ParseInt(m.ID[7:], 10, 64)
	}
	prefix := c.org.Prefix
	layout := layoutJSON{ID: serviceID(prefix, 3_000_000+suffix), Name: "Standard", Visible: true, Status: "active",
		Profiles: []nameRef{{AdminProfile, profileID(prefix, AdminProfile)}, {"Standard", profileID(prefix, "Standard")}},
		Sections: sections}
	return layoutsResponse{Layouts: []layoutJSON{layout}}, nil
}
