// Package nodefacts reads cluster.NodeFacts from a node's /proc, /sys and configuration files, so
// that cluster.Preflight can judge a real machine. It reads through an fs.FS rooted at the node's
// "/" (os.DirFS("/") on the node itself; a directory tree or fstest.MapFS in tests), never writes,
// and never runs commands.
package nodefacts
