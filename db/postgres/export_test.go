package postgres

// TableRights is tableRights, for the tests outside the package.
var TableRights = tableRights

// BulkFrom is bulkFrom, for the tests outside the package.
var BulkFrom = &bulkFrom

// SetAsideHook is setAsideHook, for the tests outside the package.
var SetAsideHook = &setAsideHook
