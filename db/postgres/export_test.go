package postgres

// TableRights is tableRights, for the tests outside the package.
var TableRights = tableRights
