package flowservice

// Base paths, as the Adobe gateway serves them.
// https://developer.adobe.com/experience-platform-apis/references/flow-service/
const (
	FlowBase    = "/data/foundation/flowservice"
	CatalogBase = "/data/foundation/catalog"
	PrepBase    = "/data/foundation/conversion"
)

// Connection and flow spec ids (reference §2).
// https://experienceleague.adobe.com/docs/experience-platform/sources/api-tutorials/create/crm/zoho.html
// https://experienceleague.adobe.com/docs/experience-platform/sources/api-tutorials/collect/crm.html
const (
	SpecZohoCRM    = "929e4450-0237-4ed2-9404-b7e1e0a00309"
	SpecSalesforce = "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5"
	SpecDynamics   = "38ad80fe-8b06-4938-94f4-d4ee80266b07"
	SpecHubSpot    = "cc6a4487-9e91-433e-a3a3-9cf6626c1806"
	SpecSquare     = "2acf109f-9b66-4d5e-bc18-ebb2adcff8d5"
	SpecDataLake   = "c604ff05-7f1a-43c0-8e18-33bf874cb11c"

	FlowSpecCRMToAEP = "14518937-270c-4525-bdec-c2ba7cce3860"

	// ProviderADF is the provider of the Azure-Data-Factory-backed sources.
	ProviderADF = "0ed90a81-07f4-4586-8190-b40eccef1c5a"

	// SpecVersion is the only version of every spec.
	SpecVersion = "1.0"
)

// Auth spec names (reference §2: the Zoho tutorial uses "Basic
// Authentication"; "OAuth2 Refresh Code" is the Sources SDK's).
const (
	AuthBasic        = "Basic Authentication"
	AuthOAuthRefresh = "OAuth2 Refresh Code"
)

// Resource states (reference §3): enabled and disabled from the API
// reference, initializing and delete-finalizing from the error catalogue,
// draft from the draft-mode tutorial.
// https://experienceleague.adobe.com/docs/experience-platform/sources/api-tutorials/draft.html
const (
	StateEnabled      = "enabled"
	StateDisabled     = "disabled"
	StateDraft        = "draft"
	StateInitializing = "initializing"
)

// Schedule frequencies of the CRMToAEP flow spec's scheduleSpec (reference §5).
const (
	FrequencyOnce   = "once"
	FrequencyMinute = "minute"
	FrequencyHour   = "hour"
	FrequencyDay    = "day"
	FrequencyWeek   = "week"
)

// minInterval is the scheduleSpec's minimum interval by frequency.
var minInterval = map[string]int{FrequencyMinute: 15, FrequencyHour: 1, FrequencyDay: 1, FrequencyWeek: 1}

// Transformation names of a flow (reference §5).
const (
	TransformCopy    = "Copy"
	TransformMapping = "Mapping"
)

// Run status strings as runs carry them (reference §5, [MON] and [ALERT]).
const (
	RunSuccess    = "success"
	RunFailed     = "failed"
	RunInProgress = "inProgress"
)

// Run error codes of a failed run's statusSummary (reference §5).
const (
	RunErrorCopy      = "CONNECTOR-1001-500" // copying the data from the source
	RunErrorProcess   = "CONNECTOR-2001-500" // processing into Platform
	RunErrorPromotion = "CONNECTOR-3001-500" // batch creation via bulk ingest
)

// Gateway and service headers (reference §1).
const (
	headerAPIKey      = "x-api-key"
	headerOrg         = "x-gw-ims-org-id"
	headerSandbox     = "x-sandbox-name"
	headerSandboxID   = "x-sandbox-id"
	headerRequestID   = "x-request-id"
	headerIfMatch     = "If-Match"
	defaultSandbox    = "prod"
	errorTypeBase     = "https://ns.adobe.com/aep/errors/"
	contentTypeJSON   = "application/json"
	datasetRefPrefix  = "@/dataSets/"
	datasetFilesQuery = "@/dataSetFiles?dataSetId="
)

// Error prefixes of the services behind the gateway: FLOW is documented;
// the Catalog and Data Prep forms are UNCONFIRMED (docs/flow-service.md).
const (
	prefixFlow    = "FLOW"
	prefixCatalog = "CAT"
	prefixPrep    = "DPR"
)
