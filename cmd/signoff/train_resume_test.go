package main

import (
	"strings"
	"testing"
)

func TestTrainResumeNeedsAnUnfinishedRun(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "--as", "ana", "train", "INC-2041", "--resume")
	if r.code != exitUsage || !strings.Contains(r.stderr, "ana has no unfinished training run of INC-2041 to resume") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}
