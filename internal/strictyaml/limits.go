package strictyaml

import "fmt"

// Limits bounds what a decoder accepts, so that hostile input is refused before it costs time or memory.
// A zero field means the default (DefaultLimits); a negative one means no limit.
type Limits struct {
	// MaxInputBytes bounds the length of the input.
	MaxInputBytes int64
	// MaxDecodedBytes bounds the decoded size: the bytes of every scalar and mapping key, counting each
	// alias as often as it is used. This is what stops an alias bomb, and it is computed without
	// expanding anything.
	MaxDecodedBytes int64
	// MaxDepth bounds the nesting of mappings and sequences, through aliases.
	MaxDepth int64
	// MaxNodes bounds the number of nodes (mappings, sequences, scalars), counting each alias as often as it
	// is used, over all documents of the input.
	MaxNodes int64
}

// DefaultLimits are the limits of Unmarshal, Parse and ParseAll. The YAML parser keeps about 250 bytes per
// node, so MaxNodes also bounds the memory of a parse (to about 150 MB in the worst case).
var DefaultLimits = Limits{
	MaxInputBytes:   16 << 20,
	MaxDecodedBytes: 32 << 20,
	MaxDepth:        100,
	MaxNodes:        500_000,
}

// withDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	pick := func(v, def int64) int64 {
		if v == 0 {
			return def
		}
		return v
	}
	return Limits{
		MaxInputBytes:   pick(l.MaxInputBytes, DefaultLimits.MaxInputBytes),
		MaxDecodedBytes: pick(l.MaxDecodedBytes, DefaultLimits.MaxDecodedBytes),
		MaxDepth:        pick(l.MaxDepth, DefaultLimits.MaxDepth),
		MaxNodes:        pick(l.MaxNodes, DefaultLimits.MaxNodes),
	}
}

// exceeds reports whether got is over max; a negative max is no limit.
func exceeds(got, max int64) bool { return max >= 0 && got > max }

// The names of the limits, as LimitError.Limit reports them.
const (
	LimitInputBytes   = "input size"
	LimitDecodedBytes = "decoded size"
	LimitDepth        = "nesting depth"
	LimitNodes        = "node count"
)

// LimitError reports input beyond one of the Limits. It matches ErrLimit.
type LimitError struct {
	// Limit names the limit: LimitInputBytes, LimitDecodedBytes, LimitDepth or LimitNodes.
	Limit string
	// Max is the limit's value.
	Max int64
	// Got is how much the input has, or at least has: counting stops at the first excess.
	Got int64
	// Path locates the excess when one place is at fault (the nesting depth), or is empty.
	Path string
	// Estimated says Got was estimated from the text before parsing (the node count of YAML).
	Estimated bool
}

// Error names the limit, its value and what the input has.
func (e *LimitError) Error() string {
	where := ""
	if e.Path != "" {
		where = " at " + e.Path
	}
	unit := ""
	if e.Limit == LimitInputBytes || e.Limit == LimitDecodedBytes {
		unit = " bytes"
	}
	got := fmt.Sprintf("got %d", e.Got)
	if e.Estimated {
		got = fmt.Sprintf("about %d, estimated before parsing", e.Got)
	}
	return fmt.Sprintf("strictyaml: %s%s exceeds the limit of %d%s (%s)", e.Limit, where, e.Max, unit, got)
}

// Unwrap lets errors.Is(err, ErrLimit) match.
func (e *LimitError) Unwrap() error { return ErrLimit }
