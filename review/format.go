package review

import (
	"fmt"
	"strings"
	"time"
)

// moments is how a text of this package names a moment: the one way the
// findings' messages (checker.moment), the report and the proposals' reasons
// write a time, so none reads as another day's. With no day it gives the
// date, the time and the zone every time ("2026-03-02 23:50 UTC"): a
// finding is read on its own, in a table, a file or a screen. With day
// (the day the incident opened, which the report states once, with its
// zone) a moment on that day is a time of day ("23:50") and one on any
// other day carries its date ("2026-03-03 00:10"). Seconds show only when
// the moment has them.
type moments struct{ day string }

// reportMoments names moments as the report of an incident opened at
// opened does.
func reportMoments(opened time.Time) moments {
	return moments{day: opened.UTC().Format(time.DateOnly)}
}

func (m moments) at(t time.Time) string {
	t = t.UTC()
	layout := "15:04"
	if t.Second() != 0 || t.Nanosecond() != 0 {
		layout = "15:04:05"
	}
	switch d := t.Format(time.DateOnly); {
	case m.day == "":
		return d + " " + t.Format(layout) + " UTC"
	case d != m.day:
		return d + " " + t.Format(layout)
	}
	return t.Format(layout)
}

// between says how far apart a and b are in words: "6 minutes", "1 hour 5
// minutes", "40 seconds". It counts whole seconds from the two times, so it
// is exact for any two times signoff stores (time.Sub stops at about 292
// years, while stored times span 584).
func between(a, b time.Time) string {
	secs := b.Unix() - a.Unix()
	switch {
	case secs > 0 && b.Nanosecond() < a.Nanosecond():
		secs--
	case secs < 0 && b.Nanosecond() > a.Nanosecond():
		secs++
	}
	if secs < 0 {
		secs = -secs
	}
	if secs == 0 && !a.Equal(b) {
		// "0 seconds later" would read as the same instant, which the
		// rules do not count as later.
		return "less than a second"
	}
	if secs < 60 {
		return plural(secs, "second")
	}
	days, rest := secs/86400, secs%86400
	hours, mins := rest/3600, rest%3600/60
	var parts []string
	if days > 0 {
		parts = append(parts, plural(days, "day"))
	}
	if hours > 0 {
		parts = append(parts, plural(hours, "hour"))
	}
	if mins > 0 && days == 0 {
		parts = append(parts, plural(mins, "minute"))
	}
	return strings.Join(parts, " ")
}

func plural[N int | int64](n N, unit string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// listWords joins items as "a", "a and b", "a, b and c".
func listWords(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
