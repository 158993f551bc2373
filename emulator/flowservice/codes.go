package flowservice

import (
	"fmt"

	"github.com/zohoaep/zohoaep/emulator/internal/httpx"
)

// The Flow Service errors this emulator sends, with Adobe's titles and
// messages from its two catalogues:
// https://experienceleague.adobe.com/docs/experience-platform/sources/errors/flow-service-errors.html (FSERR)
// https://experienceleague.adobe.com/docs/experience-platform/sources/errors/sources-errors.html (SRCERR)
// Where a message has a placeholder, the emulator fills it.

const (
	titleInvalid    = "Invalid request"
	titleBad        = "Bad Request"
	titleNotFound   = "Resource not found"
	titleHeader     = "Header is missing"
	titleSandbox    = "Sandbox not found"
	titleForbidden  = "Forbidden"
	titleInternal   = "Internal Error"
	titleVersion    = "Version not matching"
	titleIllegalArg = "Bad Request Illegal Argument"
)

func flowErr(code, title, msg string) *Error {
	return &Error{Prefix: prefixFlow, Code: code, Title: title, Message: msg}
}

func invalid(code, format string, a ...any) *Error {
	return flowErr(code, titleInvalid, fmt.Sprintf(format, a...))
}

func bad(code, format string, a ...any) *Error {
	return flowErr(code, titleBad, fmt.Sprintf(format, a...))
}

// Generic and framework errors (SRCERR).
func errBadRequest() *Error {
	return bad("1000-400", "The request is invalid. Please check the request and try again.")
}
func errIllegalArgument(detail string) *Error {
	return flowErr("1014-400", titleIllegalArg, "The request could not be processed. "+detail)
}
func errNoRoute() *Error {
	return flowErr("1003-404", titleNotFound, "The requested resource is not found. Please check the provided request and try again.")
}

// errMethod answers a method a path does not serve (synthetic: Adobe's is
// UNCONFIRMED).
func errMethod() *Error {
	return flowErr("1000-405", "Method Not Allowed", "The requested method is not supported for this resource.")
}
func errInternal() *Error {
	return flowErr("1102-500", titleInternal, "An internal error has occurred. Please try again. If the problem persists, please contact customer support.")
}

// errNotFound is the documented flows not-found body, used for every
// Flow Service resource with its collection as report.type (reference §6).
func errNotFound(collection, id string) *Error {
	e := flowErr("1439-404", titleNotFound, fmt.Sprintf("The requested %s resource %s is not found. Verify the resource ID before trying again.", collection, id))
	e.ResourceID, e.ResourceType = id, collection
	return e
}

// errMissingReference answers a create that names a resource that does not
// exist (SRCERR 1102-404).
func errMissingReference(what, id string) *Error {
	return flowErr("1102-404", titleNotFound, fmt.Sprintf("The requested resource is not found. The %s with ID %s does not exist.", what, id))
}

// REST API errors (SRCERR 13xx).
func errMandatory(field string) *Error {
	return bad("1304-400", "The mandatory field %s is not provided. Please provide the %s and try again.", field, field)
}
func errUnsupportedConnector(kind string) *Error {
	return bad("1305-400", "The provided connector type = %s is not supported for this operation.", kind)
}
func errTargetSpec(id string) *Error {
	return bad("1307-400", "The target connection spec ID is not valid=%s. The allowed value is: %s.", id, SpecDataLake)
}
func errParamValue(value, property string) *Error {
	return bad("1312-400", "The provided param value %s is not a valid input for property=%s. Please provide a valid param value and try again.", value, property)
}
func errScheduleEmpty() *Error {
	return bad("1317-400", "The provided schedule params are empty but should not be empty. Please provide valid schedule params and try again.")
}
func errSourceEntity(entity, name string) *Error {
	return bad("1323-400", "The %s cannot be null or empty in the source connection: %s. Please provide valid %s and try again.", entity, name, entity)
}
func errDataSetID(name string) *Error {
	return bad("1325-400", "The dataSetId param cannot be null or empty in target connection: %s. Please provide valid dataSetId param and try again.", name)
}
func errSourceFormat(format, allowed string) *Error {
	return bad("1327-400", "The format of source data supplied=%s in SourceConnection is not supported. The allowed values are: %s. Please provide allowed values and try again.", format, allowed)
}
func errQueryParamEmpty(param string) *Error {
	return bad("1334-400", "The query param : %s cannot be empty. Please provide valid %s and try again.", param, param)
}
func errExploreUnsupported(specID string) *Error {
	return bad("1336-400", "Explore connection is not supported for connection spec ID: %s. Please provide supported connection spec id and try again.", specID)
}
func errExploreObject(param, objectType string) *Error {
	return bad("1337-400", "The %s cannot be empty for objectType=%s. Please provide valid %s and try again.", param, objectType, param)
}
func errFlowConnectionID(kind string) *Error {
	return bad("1338-400", "The %s connection ID can't be null in flowRequest. Please provide valid %s connection ID in flowRequest.", kind, kind)
}
func errParseTime(v string) *Error {
	return bad("1340-400", "An error occurred while parsing %s. Please check the time format provided in the request and try again.", v)
}
func errObjectType() *Error {
	return bad("1358-400", "The provided param 'objectType' is invalid. Please provide a valid objectType and try again.")
}
func errParamMissing(param string) *Error {
	return bad("1359-400", "The param %s is missing in the request. Please provide a valid %s and try again.", param, param)
}
func errStartPast() *Error {
	return bad("1360-400", "The start time cannot be set in the past. Please provide a valid start time and try again.")
}
func errIntervalOnce() *Error {
	return bad("1361-400", "Interval is not allowed with one time ingestion. Please remove interval or change frequency and then try again.")
}
func errIntervalMin(min int) *Error {
	return bad("1362-400", "Interval cannot be less than %d. Please provide a valid interval value and try again.", min)
}
func errBackfillOnce() *Error {
	return bad("1364-400", "The backfill flag is not allowed when frequency is set to one. Please remove the backfill flag when frequency is set to once and try again.")
}
func errReadOnlyPath(path string) *Error {
	return bad("1365-400", "The path %s provided in ops is invalid. Please provide valid path %s and try again.", path, path)
}
func errDeltaRequired() *Error {
	return bad("1367-400", "The delta column is required in copy transformation when creating a CRM connector. Please provide delta column and try again.")
}
func errModeInFlow() *Error {
	return bad("1368-400", "Mode is not allowed in flow request. Please check your request and try again.")
}
func errDeltaOnce() *Error {
	return bad("1369-400", "The delta column in copy transform is not allowed when frequency is set to once. Please remove the delta column and try again.")
}
func errParamEmpty(param string) *Error {
	return bad("1393-400", "The provided parameter %s is null or empty. Please provide a valid %s and try again.", param, param)
}
func errFrequency(f string) *Error {
	return bad("1397-400", "The provided frequency : %s is invalid. Please provide a valid frequency and try again.", f)
}
func errOperation(op string) *Error {
	return bad("1398-400", "The provided operation : %s is unsupported. Please check the operation provided and try again.", op)
}

// Internal validation errors (FSERR 14xx).
func errLimitAndCount() *Error {
	return invalid("1401-400", "The limit and count parameters cannot be given together in the same request. Please provide either only the limit or the count parameter and try again.")
}
func errFinalize(action string) *Error {
	return invalid("1402-400", "The action '%s' is supported for provider requests only.", action)
}
func errIfMatchMissing() *Error {
	return flowErr("1403-400", titleHeader, "The header 'If-Match' is missing in the request. Please provide the header and try again.")
}
func errStale(supplied, current string) *Error {
	return flowErr("1404-412", titleVersion, fmt.Sprintf("The supplied version '%s' does not match the current version on entity '%s'. Please ensure that the supplied version matches the current version on entity and try again.", supplied, current))
}
func errEmptyBody() *Error {
	return invalid("1405-400", "The request body cannot be null or empty. Please provide a request body and try again.")
}
func errStateInCreate() *Error {
	return invalid("1410-400", "`State` is not allowed in the create flow request.")
}
func errMappingVersion() *Error {
	return invalid("1412-400", "Invalid Mapping Version in request. Please provide correct mapping version.")
}
func errSpecID() *Error {
	// Adobe's message has the double space.
	return invalid("1413-400", "The spec ID provided is  invalid. Please provide a valid spec ID and try again.")
}
func errConnectionSpecPatch() *Error {
	return invalid("1414-400", "The connection spec of a connection cannot be updated.")
}
func errAuthSpec(name, specID string) *Error {
	return invalid("1415-400", "The auth spec '%s' could not be found for the connection spec ID %s.", name, specID)
}
func errStateForChange() *Error {
	return invalid("1416-400", "Delete or Update can only be applied on connection with enabled, disabled or initializing state.")
}
func errConnectionInUse(id string) *Error {
	return invalid("1418-400", "The base connection with the ID %s cannot be deleted because the base connection is being used in one or more flows. Please ensure that corresponding flows are deleted before deleting a base connection.", id)
}
func errMapping(id string, version any) *Error {
	return invalid("1419-400", "Error while validating mapping with id %s, version %v. This could be because of inadequate permissions on mapped fields. Please check your mapping or contact your admin.", id, version)
}
func errAction(action, state string) *Error {
	return invalid("1422-400", "The action %s cannot be applied on the current state %s. Please update the action and try again.", action, state)
}
func errSchemaMismatch(datasetID, mappingID string) *Error {
	return invalid("1425-400", "Error while matching schema in target dataset %s with schema in mapping %s. Schema with same id and version must be used in both mapping and target dataset.", datasetID, mappingID)
}
func errSortOrder() *Error {
	return invalid("1432-400", "Sort order specified is not correct, prepend + for ascending order and - for descending order in the fieldName.")
}
func errSortField(field string) *Error {
	return invalid("1433-400", "Incorrect field= %s passed in orderBy, example are +name, -name, name.", field)
}
func errPatchOp(op string) *Error {
	return invalid("1434-400", "Unsupported operation '%s' received. Please use one of the supported operation types and try again.", op)
}
func errOperatorNotImplemented(op string) *Error {
	return invalid("1440-400", "Operator '%s' not implemented.", op)
}
func errMultipleValues(op string) *Error {
	return invalid("1443-400", "Operator '%s' is not allowed for multiple values.", op)
}
func errActiveFlows(id string) *Error {
	return invalid("1447-400", "Found active flows containing id %s.", id)
}
func errOperatorForField(op, field string) *Error {
	return invalid("1448-400", "Operator %s not supported for field %s.", op, field)
}
func errFilterField(field string) *Error {
	return invalid("1449-400", "Invalid field %s in filter params.", field)
}
func errFilterOperator(op string) *Error {
	return invalid("1450-400", "Invalid operator %s in filter params.", op)
}
func errQueryParams(names string) *Error {
	return invalid("1451-400", "Invalid params %s provided in query params.", names)
}
func errFilterValue(value, field string) *Error {
	return invalid("1452-400", "Invalid value %s for field %s.", value, field)
}
func errQueryValue(v string) *Error {
	return invalid("1453-400", "Invalid query value %s provided in query param.", v)
}
func errFilterValueType() *Error {
	return invalid("1454-400", "Unhandled Filter Value Type provided.")
}
func errPatchField(field string) *Error {
	return invalid("1455-400", "An error has occurred while validating patch instructions: Missing field \"%s\".", field)
}
func errStateValue(state string) *Error {
	return invalid("1456-400", "State %s is not a valid value. Allowed values are [enabled, disabled, initializing].", state)
}

// Token and sandbox errors (FSERR 2xxx).
func errSandboxNotFound(name string) *Error {
	return flowErr("2100-404", titleSandbox, fmt.Sprintf("The sandbox with the name '%s' could not be found. Please ensure that the sandbox name is correct and try again.", name))
}
func errSandboxIDNotFound(id, name string) *Error {
	return flowErr("2103-404", titleSandbox, fmt.Sprintf("The sandbox with ID %s and name %s could not be found. Please ensure that the ID and sandbox name values are correct and try again.", id, name))
}
func errSandboxMissing() *Error {
	return flowErr("2105-400", titleHeader, "The header x-sandbox-name is missing in the request. Please add the header in the request and try again.")
}
func errForbidden() *Error {
	return flowErr("2120-403", titleForbidden, "You do not have sufficient permissions to perform the operation. Please contact your administrator to resolve permissions and try again.")
}

// Catalog and Data Prep errors (synthetic, UNCONFIRMED shape and codes).
func catalogErr(code, title, msg string) *Error {
	return &Error{Prefix: prefixCatalog, Code: code, Title: title, Message: msg}
}
func prepErr(code, title, msg string) *Error {
	return &Error{Prefix: prefixPrep, Code: code, Title: title, Message: msg}
}
func errDatasetNotFound(id string) *Error {
	e := catalogErr("1101-404", titleNotFound, fmt.Sprintf("The requested dataSets resource %s is not found. Verify the resource ID before trying again.", id))
	e.ResourceID, e.ResourceType = id, "dataSets"
	return e
}
func errCatalogBody(detail string) *Error {
	return catalogErr("1000-400", titleBad, "The request is invalid. "+detail)
}
func errMappingNotFound(id string) *Error {
	e := prepErr("1101-404", titleNotFound, fmt.Sprintf("The requested mappingSets resource %s is not found. Verify the resource ID before trying again.", id))
	e.ResourceID, e.ResourceType = id, "mappingSets"
	return e
}
func errPrepBody(detail string) *Error {
	return prepErr("1000-400", titleBad, "The request is invalid. "+detail)
}

// Catalogue is every error of this service by code, for fault rules: the
// Flow Service codes as "NNNN-SSS", the gateway's as their error_code,
// Catalog and Data Prep ones prefixed "CAT-" and "DPR-".
func Catalogue() map[string]httpx.Error {
	out := map[string]httpx.Error{}
	for _, e := range []*Error{
		errBadRequest(), errIllegalArgument("x"), errNoRoute(), errMethod(), errInternal(),
		errNotFound("flows", "x"), errMissingReference("base connection", "x"), errMandatory("name"),
		errUnsupportedConnector("x"), errTargetSpec("x"), errParamValue("x", "y"), errScheduleEmpty(),
		errSourceEntity("tableName", "x"), errDataSetID("x"), errSourceFormat("x", "y"), errQueryParamEmpty("x"),
		errExploreUnsupported("x"), errExploreObject("object", "table"), errFlowConnectionID("source"),
		errParseTime("x"), errObjectType(), errParamMissing("op"), errStartPast(), errIntervalOnce(),
		errIntervalMin(15), errBackfillOnce(), errReadOnlyPath("/id"), errDeltaRequired(), errModeInFlow(),
		errDeltaOnce(), errParamEmpty("interval"), errFrequency("x"), errOperation("x"), errLimitAndCount(),
		errFinalize("finalize"), errIfMatchMissing(), errStale("x", "y"), errEmptyBody(), errStateInCreate(), errMappingVersion(),
		errSpecID(), errConnectionSpecPatch(), errAuthSpec("x", "y"), errStateForChange(), errConnectionInUse("x"),
		errMapping("x", 0), errAction("x", "y"), errSchemaMismatch("x", "y"), errSortOrder(), errSortField("x"),
		errPatchOp("move"), errOperatorNotImplemented("~"), errMultipleValues("<"), errActiveFlows("x"),
		errOperatorForField(">", "id"), errFilterField("x"), errFilterOperator("x"), errQueryParams("x"),
		errFilterValue("x", "y"), errQueryValue("x"), errFilterValueType(), errPatchField("x"), errStateValue("x"),
		errSandboxNotFound("x"), errSandboxIDNotFound("x", "y"), errSandboxMissing(), errForbidden(),
		TooLarge().(*Error),
	} {
		out[e.Code] = e
	}
	for _, e := range []*Error{errDatasetNotFound("x"), errCatalogBody("x"), errMappingNotFound("x"), errPrepBody("x")} {
		out[e.Prefix+"-"+e.Code] = e
	}
	for _, e := range []*GatewayError{ErrTokenMissing, ErrTokenInvalid, ErrAPIKeyMissing, ErrAPIKeyInvalid, ErrOrgMissing, ErrOrgInvalid} {
		out[e.Code] = e
	}
	out["content-type"] = ErrContentType
	return out
}
