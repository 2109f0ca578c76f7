package main

import (
	"bufio"
	"io"
	"unicode/utf8"
)

// writeColumns writes a table of rows × len(header) cells, cell(row, column) giving each, in columns two
// spaces apart, as text/tabwriter would with padding 2, but without holding the table in memory: a first
// pass measures every column but the last (cell is called twice for those), a second writes each row.
func writeColumns(w io.Writer, header []string, rows int, cell func(row, col int) string) error {
	last := len(header) - 1
	widths := make([]int, last)
	for c := range last {
		widths[c] = utf8.RuneCountInString(header[c])
		for r := range rows {
			widths[c] = max(widths[c], utf8.RuneCountInString(cell(r, c)))
		}
	}
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriter(w)
	}
	// A bufio.Writer keeps its first error and returns it from Flush, so the writes are not checked one by one.
	line := func(text func(col int) string) {
		for c := range last {
			s := text(c)
			_, _ = bw.WriteString(s)
			pad(bw, widths[c]-utf8.RuneCountInString(s)+2)
		}
		_, _ = bw.WriteString(text(last))
		_ = bw.WriteByte('\n')
	}
	line(func(c int) string { return header[c] })
	for r := range rows {
		line(func(c int) string { return cell(r, c) })
	}
	return bw.Flush()
}

const spaces = "                                                                "

// pad writes n spaces.
func pad(w *bufio.Writer, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		_, _ = w.WriteString(spaces[:k])
		n -= k
	}
}
