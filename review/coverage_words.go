package review

import "fmt"

// An incident with no review step (only alerts and notes) has no coverage
// to speak of: "0 of 0 reviewed (100%)" would claim a review that never
// happened, so the report says there was nothing to review.

// reviewedWords is "3 of 5 reviewed", or "nothing to review".
func (c Coverage) reviewedWords() string {
	if c.Total == 0 {
		return "nothing to review"
	}
	return fmt.Sprintf("%d of %d reviewed", c.Reviewed, c.Total)
}

// verdictWords is the coverage section's sentence, without its full stop.
func (c Coverage) verdictWords() string {
	if c.Total == 0 {
		return "No review steps: nothing here needs a verdict"
	}
	return fmt.Sprintf("%d of %d review steps have a verdict (%d%%)", c.Reviewed, c.Total, c.Reviewed*100/c.Total)
}
