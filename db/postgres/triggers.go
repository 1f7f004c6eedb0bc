package postgres

import (
	"context"
	"database/sql"
	"regexp"
	"sort"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/signoff/signoff/model/chain"
)

// The triggers refusing UPDATE, DELETE and TRUNCATE are the record's
// first guard on a server too, and their owner (the schema's owner, or a
// superuser) can lift them: disable one and leave it so, drop it, replace
// the function it runs by one that refuses nothing, or add one of their
// own. Every entry still verifies, so verify compares the schema's
// triggers, and the functions they run, with those the migrations make.

// madeTrigger is a trigger as a migration makes it.
type madeTrigger struct{ table, function string }

var (
	triggerMade  = regexp.MustCompile(`(?s)CREATE (?:CONSTRAINT )?TRIGGER (\w+)\s.*?\bON (\w+)\b.*?EXECUTE FUNCTION (\w+)\(`)
	functionMade = regexp.MustCompile(`(?s)CREATE FUNCTION (\w+)\(\) RETURNS trigger LANGUAGE plpgsql AS \$\$(.*?)\$\$`)
)

// made is every trigger the migrations make, by name, and every function
// they run, by name, with its body.
var made = sync.OnceValues(func() (map[string]madeTrigger, map[string]string) {
	triggers, functions := map[string]madeTrigger{}, map[string]string{}
	for _, m := range migrations() {
		for _, t := range triggerMade.FindAllStringSubmatch(m.SQL, -1) {
			triggers[t[1]] = madeTrigger{table: t[2], function: t[3]}
		}
		for _, f := range functionMade.FindAllStringSubmatch(m.SQL, -1) {
			functions[f[1]] = f[2]
		}
	}
	return triggers, functions
})

// TriggerFaults compares the schema's triggers and their functions, read
// in tx, with those signoff made; a fault names the trigger or function
// (it stands for no entry).
func (e *Engine) TriggerFaults(ctx context.Context, tx *sql.Tx) ([]chain.Fault, error) {
	wantTriggers, wantFunctions := made()
	var out []chain.Fault
	bad := func(subject, reason string) {
		out = append(out, chain.Fault{Table: "schema", Subject: subject, Reason: reason})
	}
	rows, err := tx.QueryContext(ctx, `SELECT t.tgname, c.relname, t.tgenabled::text, p.proname, p.pronamespace = c.relnamespace
		FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
		WHERE c.relnamespace = to_regnamespace($1) AND NOT t.tgisinternal`, pgx.Identifier{e.schema}.Sanitize())
	if err != nil {
		return nil, e.Fail(err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var name, table, enabled, function string
		var ours bool
		if err := rows.Scan(&name, &table, &enabled, &function, &ours); err != nil {
			return nil, e.Fail(err)
		}
		seen[name] = true
		want, known := wantTriggers[name]
		switch {
		case !known:
			bad("trigger "+name, "signoff did not make it, so it was added outside signoff, and may change what signoff writes")
		case want.table != table || want.function != function || !ours:
			bad("trigger "+name, "it is not the one signoff made, so it was replaced outside signoff")
		case enabled == "D" || enabled == "R":
			bad("trigger "+name, "it is disabled, so what it enforced (a table append-only, or a derived table kept in step) no longer holds; it was disabled outside signoff")
		}
	}
	if err := rows.Err(); err != nil {
		return nil, e.Fail(err)
	}
	for name := range wantTriggers {
		if !seen[name] {
			bad("trigger "+name, "it is missing, so what it enforced (a table append-only, or a derived table kept in step) no longer holds; it was dropped outside signoff")
		}
	}
	for name, body := range wantFunctions {
		var src sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT (SELECT prosrc FROM pg_proc WHERE proname = $2 AND pronamespace = to_regnamespace($1) AND pronargs = 0)`,
			pgx.Identifier{e.schema}.Sanitize(), name).Scan(&src)
		if err != nil {
			return nil, e.Fail(err)
		}
		if src.String != body {
			bad("function "+name, "it is not the one signoff made, so it was replaced outside signoff")
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Subject < out[j].Subject })
	return out, nil
}
