// Package spelling measures how far a misspelt name is from the names it
// could have meant, so that every "did you mean" in fleetkit (unknown fields
// of a decoded file, undeclared metric and webhook names of a rollout)
// counts edits the same way.
package spelling
