package review

import (
	"fmt"
	"strings"
	"time"
)

// clock shows a time of day in UTC, with seconds only when it has them.
func clock(t time.Time) string {
	t = t.UTC()
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return t.Format("15:04:05")
	}
	return t.Format("15:04")
}

// clockPair shows two times, with their dates when they fall on different days.
func clockPair(a, b time.Time) (string, string) {
	a, b = a.UTC(), b.UTC()
	if a.Format(time.DateOnly) != b.Format(time.DateOnly) {
		return a.Format(time.DateOnly) + " " + clock(a), b.Format(time.DateOnly) + " " + clock(b)
	}
	return clock(a), clock(b)
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
