// Package startup pauses the garbage collector while a command-line program's packages initialise,
// and lets main resume it.
//
// fleetctl links about 1,150 packages whose init functions allocate about 6 MB before main runs. The
// runtime's first collection target is 4 MB, so every command used to collect once or twice before
// doing anything, marking package-level tables that all stay live: about 8 ms of a 90 ms `fleetctl
// version` on a two-core machine (make bench-process measures it). This package imports only os and
// runtime/debug, so Go initialises it early, once those are ready and with under 1 MB allocated (well
// before the first collection), and its init turns collection off until main calls Resume. GODEBUG=
// gctrace=1 fleetctl version shows no collection at all.
//
// The pause is bounded: a soft memory limit of PauseLimit is set with it, so a program that never calls
// Resume (a test binary of the main package, say) collects as the runtime does under GOGC=off with a
// GOMEMLIMIT, instead of growing without bound. GOGC or GOMEMLIMIT in the environment turn the pause
// off: the user's setting applies from the first allocation.
package startup
