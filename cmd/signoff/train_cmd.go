package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/signoff/signoff/tui/train"
)

func (a *app) trainCommand() *cobra.Command {
	var results, asJSON, noHindsight, resume, anonymize bool
	var authority string
	cmd := &cobra.Command{
		Use:   "train INCIDENT | train --results [INCIDENT]",
		Short: "Replay a past incident as training, or list training runs and scores",
		Long: `Replay a past incident one timeline event at a time as the --as trainee.
Nothing after "now" is shown on this screen (the record stays readable with
report, export and the review workstation meanwhile). At each AI suggestion
a person decided in the real incident, choose approve, modify, reject or
defer (a m r d) and write a short rationale; then the real decision, what
ran, the findings and the review's hindsight judgement are revealed beside a
diff of your action. The run ends on a scorecard. q leaves early; the run is
saved unfinished, and --resume goes on with it later: a new run that keeps
its choices and starts after the last of them (the run left stays as it
ended). A run left open (the terminal closed, the process killed) is resumed
too; if it is in fact still in use in another terminal, that one can save
nothing more. A resume is played as its run was started (--anonymize,
--no-hindsight, --authority), flags given or not: one given that says
otherwise is refused.

An incident still open (or contained) is said so up front: its record may
change, and decisions still to come are not in it. --anonymize hides the
incident's id, title and people's names behind pseudonyms that stay the
same for the whole run (Person A, person-a), so trainees cannot recognise
the case; choices are still saved and scored in the record's own terms.

Runs are kept apart from the incident record: they never count in findings,
metrics, reports or exports. --results lists runs, how each was played
and their scores (of one incident, or all) so a trainer can compare a class;
a run that answered a point its trainee had seen revealed in another run
is said to be a "retake of run N".

Scoring: a choice agrees with the real decision when it goes the same way
(approve and modify both act; reject refuses; defer waits) and is exact
when it also takes the same action. With hindsight (the latest review's
"AI correct"), approving what was right or rejecting what was wrong scores
1, the opposite 0, and the cases between ½. An approval is flagged when no
evidence about its target had been collected yet, or when it is beyond the
trainee's authority. docs/training.md has the whole of it.`,
		Example: `  signoff --as ana train INC-2041
  signoff --as ana train INC-2041 --anonymize --no-hindsight
  signoff --as ana train INC-2041 --resume
  signoff train --results INC-2041`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if results {
				incident := ""
				if len(args) == 1 {
					incident = args[0]
				}
				return a.trainResults(cmd.Context(), incident, asJSON, !noHindsight)
			}
			if len(args) != 1 {
				return model.Errorf(model.EINVALID, "train needs an incident id (or --results to list runs)")
			}
			if asJSON {
				return model.Errorf(model.EINVALID, "--json goes with --results")
			}
			auth := model.Authority(authority)
			if auth != "" && !auth.Valid() {
				return model.Errorf(model.EINVALID, "--authority is %q; expected none, low, medium or high", authority)
			}
			o := train.Options{Incident: args[0], Authority: auth, NoHindsight: noHindsight, Anonymize: anonymize}
			var given []string
			for _, f := range []string{"anonymize", "no-hindsight", "authority"} {
				if cmd.Flags().Changed(f) {
					given = append(given, f)
				}
			}
			return a.runTraining(cmd.Context(), o, resume, given...)
		},
	}
	cmd.Flags().BoolVar(&results, "results", false, "list training runs and their scores instead of training")
	cmd.Flags().BoolVar(&asJSON, "json", false, "with --results: print JSON instead of a table")
	cmd.Flags().BoolVar(&noHindsight, "no-hindsight", false, "hide review verdicts from the reveals and scores (for incidents still under review)")
	cmd.Flags().StringVar(&authority, "authority", "", "judge the trainee's approvals with this authority (none|low|medium|high); default: theirs as a person of the incident")
	cmd.Flags().BoolVar(&resume, "resume", false, "go on with the trainee's latest unfinished run of INCIDENT")
	cmd.Flags().BoolVar(&anonymize, "anonymize", false, "hide the incident's id, title and people's names behind consistent pseudonyms")
	return cmd
}

// runTraining plays a run of o; resume goes on with the trainee's latest
// unfinished one, as it was started: a flag in given (the flags typed)
// that says otherwise is refused.
func (a *app) runTraining(ctx context.Context, o train.Options, resume bool, given ...string) error {
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	if _, err := s.IncidentSummary(ctx, o.Incident); err != nil {
		return err
	}
	trainee := a.actor()
	if resume {
		run, err := lastUnfinished(ctx, s, o.Incident, trainee)
		if err != nil {
			return err
		}
		typed := map[string]bool{}
		for _, f := range given {
			typed[f] = true
		}
		if o, err = keptOptions(run, o, typed); err != nil {
			return err
		}
	}
	app, err := a.workstation(ctx, s, tui.Options{Start: tui.StartTraining, Training: o}, false)
	if err != nil {
		return err
	}
	run, err := app.Training()
	inc := safetext.Line(o.Incident).String()
	if err != nil {
		if run.ID != 0 && run.EndedAt == nil && !run.Finished {
			// Its close failed (the server away): the run stays open.
			fmt.Fprintf(a.stdout, "training run %d on %s was left open: it could not be closed (why below); its choices were each saved as made: %s. "+
				"`signoff train %s --resume` goes on with it\n", run.ID, inc, countWord(len(run.Choices), "choice"), inc)
		}
		return err
	}
	switch {
	case run.ID != 0:
		fmt.Fprintln(a.stdout, trainingLeft(run, inc))
	case app.TrainingStartUnanswered():
		fmt.Fprintf(a.stdout, "you left training on %s before the store answered the run's start: if it started, it was left open, with no choices; "+
			"`signoff train %s --resume` goes on with it (or says there is none)\n", inc, inc)
	}
	return nil
}

// trainingLeft is the sentence printed once training is left: the run is
// said to be saved unfinished only when its close has landed.
func trainingLeft(run model.TrainingRun, inc string) string {
	choices := countWord(len(run.Choices), "choice")
	switch {
	case run.Finished:
		return fmt.Sprintf("training run %d on %s finished: %s; see `signoff train --results %s`", run.ID, inc, choices, inc)
	case run.EndedAt == nil:
		return fmt.Sprintf("training run %d on %s may not have been saved as ended: you left before the store answered its close (its choices were each saved as made: %s). "+
			"Closed or left open, `signoff train %s --resume` goes on with it",
			run.ID, inc, choices, inc)
	}
	return fmt.Sprintf("training run %d on %s saved unfinished; go on with it with `signoff train %s --resume`: %s; see `signoff train --results %s`",
		run.ID, inc, inc, choices, inc)
}

// lastUnfinished is the trainee's latest run of an incident that did not
// finish and that no run goes on with yet: closed unfinished, or left
// open (its process died, or another process still uses it: the store
// cannot tell, and resuming it takes it over).
func lastUnfinished(ctx context.Context, s database, incident, trainee string) (model.TrainingRun, error) {
	runs, err := s.TrainingRuns(ctx, incident)
	if err != nil {
		return model.TrainingRun{}, err
	}
	resumed := map[int64]bool{}
	for _, r := range runs {
		resumed[r.Resumes] = true
	}
	for i := len(runs) - 1; i >= 0; i-- {
		if r := runs[i]; r.Trainee == trainee && !r.Finished && !resumed[r.ID] {
			return r, nil
		}
	}
	return model.TrainingRun{}, model.Errorf(model.ENOTFOUND, "%s has no unfinished training run of %s to resume; start one with \"signoff --as %s train %s\"",
		trainee, incident, trainee, incident)
}

// countWord spells "1 choice", "3 choices".
func countWord(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// runResult is one line of `train --results --json`.
type runResult struct {
	Run             int64          `json:"run"`
	Trainee         string         `json:"trainee"`
	SessionKey      string         `json:"session_key,omitempty"` // the key the trainee logged in with (signoff serve)
	Incident        string         `json:"incident"`
	StartedAt       time.Time      `json:"started_at"`
	EndedAt         *time.Time     `json:"ended_at"`
	Finished        bool           `json:"finished"`
	Resumes         *int64         `json:"resumes"` // the run this one goes on with (--resume)
	Authority       *string        `json:"authority"`
	HindsightShown  bool           `json:"hindsight_shown"`
	Anonymized      bool           `json:"anonymized"` // played with --anonymize
	RetakeOf        *int64         `json:"retake_of"`  // the run whose reveals its trainee saw before (review.Retakes)
	DecisionPoints  int            `json:"decision_points"`
	Answered        int            `json:"answered"`
	Agree           int            `json:"agree"`
	Exact           int            `json:"exact"`
	AgreeRate       *float64       `json:"agree_rate"`
	HindsightJudged *int           `json:"hindsight_judged"`
	HindsightScore  *float64       `json:"hindsight_score"`
	HindsightRate   *float64       `json:"hindsight_rate"`
	NoEvidence      []string       `json:"no_evidence"`
	NoAuthority     []string       `json:"no_authority"`
	SecondsDeciding float64        `json:"seconds_deciding"`
	Choices         []choiceResult `json:"choices"`
}

type choiceResult struct {
	Subject       string        `json:"subject"`
	Outcome       model.Outcome `json:"outcome"`
	Action        *model.Action `json:"action"`
	Rationale     string        `json:"rationale"`
	Seconds       float64       `json:"seconds"`
	RealOwner     string        `json:"real_owner"`
	RealOutcome   model.Outcome `json:"real_outcome"`
	RealRationale string        `json:"real_rationale"`
	Agrees        bool          `json:"agrees"`
	Exact         bool          `json:"exact"`
	AICorrect     *string       `json:"ai_correct"`
	Hindsight     *float64      `json:"hindsight"`
	NoEvidence    bool          `json:"no_evidence"`
	NoAuthority   bool          `json:"no_authority"`
	SeenIn        *int64        `json:"seen_in"` // the run that answered this point before, its reveal seen
}

func (a *app) trainResults(ctx context.Context, incident string, asJSON, hindsight bool) error {
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	p, err := a.policy()
	if err != nil {
		return err
	}
	cards, err := scoreRuns(ctx, s, incident, p)
	if err != nil {
		return err
	}
	runs := make([]model.TrainingRun, len(cards))
	for i, sc := range cards {
		runs[i] = sc.Run
	}
	retakes := review.Retakes(runs)
	out := make([]runResult, 0, len(cards))
	for _, sc := range cards {
		out = append(out, resultOf(sc, hindsight, retakes[sc.Run.ID]))
	}
	if asJSON {
		return writeJSON(a.stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(a.stdout, "no training runs yet: start one with \"signoff --as PERSON train INCIDENT\"")
		return nil
	}
	resumedAs := map[int64]int64{}
	for _, r := range out {
		if r.Resumes != nil {
			resumedAs[*r.Resumes] = r.Run
		}
	}
	// Aligned by terminal cells: a trainee or incident id may be wide characters.
	var t review.Columns
	t.Row("RUN", "TRAINEE", "INCIDENT", "STARTED", "STATE", "OPTIONS", "ANSWERED", "AGREE", "EXACT", "HINDSIGHT", "NO-EVIDENCE", "NO-AUTHORITY", "DECIDING")
	for _, r := range out {
		state := runState(r, resumedAs[r.Run])
		hs := "hidden"
		if r.HindsightJudged != nil {
			hs = fmt.Sprintf("%s/%d", trimFloat(*r.HindsightScore), *r.HindsightJudged)
		}
		noAuth := strings.Join(r.NoAuthority, ",")
		if r.Authority == nil {
			noAuth = "not judged"
		}
		t.Row(strconv.FormatInt(r.Run, 10), safetext.Truncate(safetext.Line(r.Trainee), 20).String(), safetext.Line(r.Incident).String(),
			r.StartedAt.Format("2006-01-02 15:04"), state, safetext.Line(dash(optionWords(r))).String(), fmt.Sprintf("%d/%d", r.Answered, r.DecisionPoints),
			strconv.Itoa(r.Agree), strconv.Itoa(r.Exact), hs,
			safetext.Line(dash(strings.Join(r.NoEvidence, ","))).String(), safetext.Line(dash(noAuth)).String(),
			(time.Duration(r.SecondsDeciding * float64(time.Second))).Round(time.Second).String())
	}
	_, err = t.WriteTo(a.stdout)
	return err
}

// runState says how a run stands: finished, closed unfinished, or left
// open (never closed: its process died, or is still running), and the run
// that went on with it, if one did.
func runState(r runResult, resumedAs int64) string {
	state := "unfinished"
	switch {
	case r.Finished:
		state = "finished"
	case r.EndedAt == nil:
		state = "left open"
	}
	if resumedAs != 0 {
		state += fmt.Sprintf(", resumed as %d", resumedAs)
	}
	return state
}

// scoreRuns scores every run, walking each incident once for all its
// runs: never loading it whole (a million events is gigabytes).
func scoreRuns(ctx context.Context, s database, incident string, p *review.Policy) ([]review.Scorecard, error) {
	runs, err := s.TrainingRuns(ctx, incident)
	if err != nil {
		return nil, err
	}
	var order []string
	byIncident := map[string][]int{} // incident -> indexes of its runs
	for i, r := range runs {
		if _, ok := byIncident[r.Incident]; !ok {
			order = append(order, r.Incident)
		}
		byIncident[r.Incident] = append(byIncident[r.Incident], i)
	}
	cards := make([]review.Scorecard, len(runs))
	for _, inc := range order {
		var of []model.TrainingRun
		for _, i := range byIncident[inc] {
			of = append(of, runs[i])
		}
		scored, err := review.ScoreRuns(ctx, s, inc, of, p)
		if err != nil {
			return nil, err
		}
		for j, i := range byIncident[inc] {
			cards[i] = scored[j]
		}
	}
	return cards, nil
}

// resultOf is a run's line of --results; seen names the run that
// answered each of its retaken points first (review.Retakes).
func resultOf(sc review.Scorecard, hindsight bool, seen map[string]int64) runResult {
	r := sc.Run
	out := runResult{Run: r.ID, Trainee: r.Trainee, SessionKey: r.SessionKey, Incident: r.Incident, StartedAt: r.StartedAt, EndedAt: r.EndedAt,
		Finished: r.Finished, HindsightShown: r.Hindsight, Anonymized: r.Anonymized, DecisionPoints: sc.Points, Answered: sc.Answered,
		Agree: sc.Agree, Exact: sc.Exact, AgreeRate: sc.AgreeRate(), NoEvidence: nonNil(sc.NoEvidence),
		NoAuthority: nonNil(sc.NoAuthority), SecondsDeciding: sc.TotalTime.Seconds(), Choices: []choiceResult{}}
	if r.Resumes != 0 {
		resumes := r.Resumes
		out.Resumes = &resumes
	}
	if sc.AuthorityJudged {
		auth := string(r.Authority)
		out.Authority = &auth
	}
	if hindsight {
		judged, score := sc.HindsightJudged, sc.Hindsight
		out.HindsightJudged, out.HindsightScore, out.HindsightRate = &judged, &score, sc.HindsightRate()
	}
	for _, s := range sc.Steps {
		if s.Choice == nil {
			continue
		}
		c := choiceResult{Subject: s.Subject, Outcome: s.Choice.Outcome, Action: s.Choice.Action, Rationale: s.Choice.Rationale,
			Seconds: s.Choice.Took.Seconds(), Agrees: s.Agrees, Exact: s.Exact, NoEvidence: s.NoEvidence, NoAuthority: s.NoAuthority}
		if s.Real != nil {
			c.RealOwner, c.RealOutcome, c.RealRationale = s.Real.Owner, s.Real.Outcome, s.Real.Rationale
		}
		if hindsight && s.AICorrect != "" {
			ac := string(s.AICorrect)
			c.AICorrect = &ac
		}
		if hindsight && s.HindsightJudged {
			h := s.Hindsight
			c.Hindsight = &h
		}
		if in, ok := seen[s.Subject]; ok {
			c.SeenIn = &in
			if out.RetakeOf == nil || in < *out.RetakeOf {
				out.RetakeOf = &in
			}
		}
		out.Choices = append(out.Choices, c)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func trimFloat(f float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", f), ".0") }
