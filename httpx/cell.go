package httpx

import "strings"

// SafeCell returns s so that a spreadsheet shows it as text: a cell that
// starts with = + - @ (or a tab or carriage return, which some programs
// skip before reading the formula) would otherwise run as a formula when a
// user opens the export (CSV injection, OWASP). A leading apostrophe is
// what Excel and LibreOffice themselves use to mark text. Every CSV or
// XLSX export writes its cells through this function.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
