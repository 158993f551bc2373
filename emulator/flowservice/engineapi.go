package flowservice

// Errors a Live implementation answers explore with. They are Adobe's
// Sources errors (SRCERR), built like the service's own so that they land
// in the same envelope.
// https://experienceleague.adobe.com/docs/experience-platform/sources/errors/sources-errors.html

// SourceRequestError is 1308-400, the Sources catalogue's error for a
// failure the connector runtime (Azure Data Factory) reports: "The request
// could not be processed. Error message: {msftErrorMessage}". message is
// the runtime's own text.
func SourceRequestError(message string) *Error {
	return bad("1308-400", "The request could not be processed. Error message: %s", message)
}

// NoColumnsError is 1330-400: the table has no columns, or is not a table
// of the source.
func NoColumnsError(table string) *Error {
	return bad("1330-400", "No columns were found for table %s. Please provide a valid table name and try again.", table)
}

// FilterUnsupportedError is 1353-400: a preview with `filters` on a
// source that does not filter at the source.
func FilterUnsupportedError(connector string) *Error {
	return bad("1353-400", "The filter at source is not yet supported for %s connector. Please check the supported connectors in the documentation: https://experienceleague.adobe.com/docs/experience-platform/sources/api-tutorials/filter.html.", connector)
}

// ObjectTypeError is 1358-400: an objectType the source does not serve
// (a tabular source has no files or folders).
func ObjectTypeError() *Error { return errObjectType() }

// InternalError is 1102-500, Flow Service's answer to anything unexpected.
func InternalError() *Error { return errInternal() }
