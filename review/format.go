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

// span says how long d is in words: "6 minutes", "1 hour 5 minutes", "40 seconds".
func span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d < time.Minute {
		return plural(int(d/time.Second), "second")
	}
	days, d := d/(24*time.Hour), d%(24*time.Hour)
	hours, d := d/time.Hour, d%time.Hour
	mins := d / time.Minute
	var parts []string
	if days > 0 {
		parts = append(parts, plural(int(days), "day"))
	}
	if hours > 0 {
		parts = append(parts, plural(int(hours), "hour"))
	}
	if mins > 0 && days == 0 {
		parts = append(parts, plural(int(mins), "minute"))
	}
	return strings.Join(parts, " ")
}

func plural(n int, unit string) string {
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
