package safetext

import "encoding/base64"

// Clipboard is the OSC 52 sequence that puts t on the terminal's clipboard
// (and tmux's, with set-clipboard on). Only Text can be copied: what
// reaches the clipboard is what the screen showed, markers and all, so a
// pasted id, hash or URI cannot carry a control character into a shell.
// The text travels base64-encoded, so the sequence itself holds nothing a
// terminal would act on but the copy.
func Clipboard(t Text) string {
	return "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(t)) + "\x07"
}
