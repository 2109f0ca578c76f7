package spelling

// maxLen bounds the names Distance compares: longer ones are not typos of a
// field or metric name, and the table would grow with their product.
const maxLen = 64

// Far is the distance Distance reports for names longer than 64 bytes.
const Far = 99

// Distance is the edit distance of a and b in bytes: insertions, deletions,
// substitutions and swaps of two adjacent bytes each count as one edit
// (optimal string alignment). Names longer than 64 bytes are Far apart.
func Distance(a, b string) int {
	if len(a) > maxLen || len(b) > maxLen {
		return Far
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
