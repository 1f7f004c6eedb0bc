package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
	"github.com/spf13/cobra"
)

// gateOptions are the flags of signoff gate.
type gateOptions struct {
	incident, agent string
	format          gate.Format
	mapPath         string
	wait            time.Duration
	result          bool
}

// maxRequest bounds what the gate reads from its standard input.
const maxRequest = 16 << 20

// defaultWait is how long the gate waits for a person by default.
const defaultWait = 10 * time.Minute

func (a *app) gateCommand() *cobra.Command {
	var o gateOptions
	var from string
	cmd := &cobra.Command{
		Use:   "gate --incident INCIDENT --agent AGENT --from FORMAT",
		Short: "Stand between an agent framework and its tools: record the call, wait for a named human, answer",
		Long: `Read one pending tool-call request from an agent framework on standard input,
record it as a suggestion of AGENT in INCIDENT, wait until a named person
decides it (in the queue, over SSH, or with approve/reject), and write the
answer on standard output in the framework's own format. A request whose
standard input does not end within --wait is refused (exit 2, nothing
recorded, nothing on standard output).

--from is one of:
  claude-code     Claude Code / Agent SDK PreToolUse hook input; answers the
                  hook's JSON (permissionDecision allow, deny or ask)
  langchain-hitl  LangChain HumanInTheLoopMiddleware interrupt (action_requests,
                  review_configs); answers {"decisions": [...]} in order
  openai-mcp      OpenAI Responses mcp_approval_request item; answers the
                  mcp_approval_response item

--map FILE turns tool calls into signoff actions (TOML rules: tool name,
argument patterns, action type, target and detail arguments). A tool no rule
maps is the high-tier containment action tool:NAME and is never
pre-authorised. The gate adds no assets: a target that is not an asset of
the incident is named in the suggestion's summary, and its action has no
target (record your assets, privileged or not, with signoff import). The
whole call is kept as the suggestion's raw output.

A mapped action the policy puts in the low tier is answered at once and
recorded as executed by the agent under the policy, when its rule names
the framework (from; and the server, for an MCP approval) and the call
carries no argument the rule does not name. No rule maps an argument its
"when" tests that holds a line break or other control character, nor a
Bash command holding a shell's ; & | $ ( ) < >, quotes or backquotes.
Everything else waits for a person, at most --wait: then Claude Code is
told "ask" (its user decides) for a low- or medium-tier call and no for a
high or critical one, the other frameworks are told no, and a note in the
record says what the agent was told. It is never a silent allow.

Stopped while it waits (SIGTERM, ctrl+c), the gate refuses the calls it
has not answered, exits 2, and notes in the record that its agent was told
no (and that a decision landing just then was not run by it, or that
another gate asked for the same call still waits); a decision it read
before the stop is still its answer. A gate asked again for a call whose
wait ran out answers at once, noting it only once.

With --result (claude-code only) the gate reads the PostToolUse or
PostToolUseFailure hook input instead and records what ran: an execution
that succeeded or failed, against the decision when what ran is the call
the gate let run on it (give it the gate's --map and --policy), else as a
run of the suggestion alone, which the findings report. --agent must be
the agent whose call it was.

The gate's records take ids made from the suggestion's (P-S-…, X-S-…,
N-S-…-<ms>) that signoff import cannot take in a stored incident. Where a
record holds one all the same, the gate says which and records nothing
(a pre-authorised call is refused, --result exits 2); a note takes the
next free millisecond.

If the gate cannot record or decide a request, or its reads find the record
changed outside signoff or the file damaged, or the record is cut short or
rewritten since this machine last checked it (nothing is recorded over it;
"signoff verify --forget" accepts a backup restored on purpose), it exits 2
with the reason on standard error and, when it could read the request, a
refusal of every call on standard output (but one the policy pre-authorised,
already recorded as allowed), so an agent loop that ignores the exit status
still does not run them. It never exits 1: Claude Code lets a call go ahead
on any status but 0 and 2. How to wire each framework: docs/GATE.md.`,
		Example: `  signoff gate --incident INC-7 --agent claude --from claude-code --map gate-map.toml
  signoff gate --incident INC-7 --agent claude --from claude-code --map gate-map.toml --result
  signoff gate --incident INC-7 --agent soc-agent --from langchain-hitl --wait 30m < interrupt.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := gate.ParseFormat(from)
			if err != nil {
				return model.Errorf(model.EINVALID, "--from: %v", err)
			}
			o.format = f
			if o.wait <= 0 {
				return model.Errorf(model.EINVALID, "--wait must be longer than zero (it is %s)", o.wait)
			}
			// A call expires when the wait ends, and its expiry is stored:
			// a wait past the last storable time is the flag's fault, said
			// before anything is read, not an error in a record.
			if !model.TimeInRange(time.Now().Add(o.wait)) {
				return model.Errorf(model.EINVALID, "--wait %s would end after %s, the last time signoff can store; give hours or days", o.wait, model.LatestTime.Format("2006-01-02"))
			}
			data, err := readRequest(cmd.Context(), a.stdin, o.wait)
			if err != nil {
				return err
			}
			if o.result {
				return a.gateResult(cmd, o, data)
			}
			return a.gate(cmd, o, data)
		},
	}
	cmd.Flags().StringVar(&o.incident, "incident", "", "the incident the calls belong to (required)")
	cmd.Flags().StringVar(&o.agent, "agent", "", "the agent making the calls, an agent of the incident (required)")
	cmd.Flags().StringVar(&from, "from", "", "the request format: claude-code, langchain-hitl or openai-mcp (required)")
	cmd.Flags().StringVar(&o.mapPath, "map", "", "mapping file (TOML) from tool calls to signoff actions")
	cmd.Flags().DurationVar(&o.wait, "wait", defaultWait, "how long to wait for a person before answering that nobody decided")
	cmd.Flags().BoolVar(&o.result, "result", false, "record what ran, from a Claude Code PostToolUse hook input")
	for _, f := range []string{"incident", "agent", "from"} {
		cmd.MarkFlagRequired(f)
	}
	return cmd
}

// readRequest reads the request on r, at most --wait: a framework writes
// its request and closes the gate's standard input, so one that leaves it
// open would otherwise hold the gate, and its agent, without limit. The
// read left running ends with the process.
func readRequest(ctx context.Context, r io.Reader, within time.Duration) ([]byte, error) {
	type read struct {
		data []byte
		err  error
	}
	got := make(chan read, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(r, maxRequest+1))
		got <- read{data, err}
	}()
	limit := time.NewTimer(within)
	defer limit.Stop()
	var in read
	select {
	case in = <-got:
	case <-limit.C:
		return nil, model.Errorf(model.EINVALID, "the request on standard input did not end within --wait (%s): the gate reads the framework's JSON there up to its end, and records nothing until it has", within)
	case <-ctx.Done():
		return nil, model.Errorf(model.EINVALID, "the gate was stopped before the request on standard input ended; nothing was recorded")
	}
	data, err := in.data, in.err
	switch {
	case err != nil:
		return nil, model.Errorf(model.EINVALID, "cannot read the request on standard input: %v", err)
	case len(data) > maxRequest:
		return nil, model.Errorf(model.EINVALID, "the request on standard input is longer than %d MiB", maxRequest>>20)
	case len(bytes.TrimSpace(data)) == 0:
		return nil, model.Errorf(model.EINVALID, "no request on standard input: the gate reads the framework's JSON there")
	}
	return data, nil
}

// gate answers one request; when it cannot, it refuses every call.
func (a *app) gate(cmd *cobra.Command, o gateOptions, data []byte) error {
	req, err := gate.Decode(o.format, data)
	if err != nil {
		return gateRefusal{err}
	}
	answers, err := a.gateRequest(cmd, o, req)
	if err == nil {
		if err = a.unsound(); err != nil {
			answers = nil
		}
	}
	if err != nil {
		answers = gate.Refuse(req, answers, "signoff could not record or decide this call: "+a.sentence(err))
	}
	if werr := a.writeAnswer(req, answers); werr != nil && err == nil {
		err = werr
	}
	if err != nil {
		return gateRefusal{err}
	}
	return nil
}

// unsound is what the gate's reads found wrong with the record (an entry
// changed outside signoff, a damaged file): an answer read from it may
// rest on a forged or lost decision, so no call is answered from it.
func (a *app) unsound() error {
	if w := a.recordWarnings(nil); len(w) > 0 {
		return model.Errorf(model.ETAMPERED, "%s; the gate answers no call from a record that does not verify", strings.Join(w, "; "))
	}
	return nil
}

// gateRefusal is an error of the gate: it exits 2 whatever the cause,
// because Claude Code blocks a call only on that status, reads the
// answer only on 0, and lets the call go ahead on any other.
type gateRefusal struct{ error }

func (e gateRefusal) Unwrap() error { return e.error }

func (a *app) writeAnswer(req gate.Request, answers []gate.Answer) error {
	out, err := gate.Encode(req, answers)
	if err != nil {
		return err
	}
	w := newSafeJSONWriter(a.stdout)
	if _, err := w.Write(out); err != nil {
		return err
	}
	return w.Flush()
}

// loadMap reads --map, or maps nothing without it.
func (a *app) loadMap(path string) (*gate.Mapping, error) {
	if path == "" {
		return &gate.Mapping{}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot read the mapping file %s: %v", path, pathError(err))
	}
	defer f.Close()
	return review.LoadToolMap(f, path)
}

// callWhere names a call in sentences: the tool, and its framework id.
func callWhere(c gate.Call) string {
	var b strings.Builder
	b.WriteString(c.Tool)
	if c.Server != "" {
		fmt.Fprintf(&b, " on MCP server %s", c.Server)
	}
	return b.String()
}
