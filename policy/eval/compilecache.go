package eval

import (
	"runtime"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
)

// compileCache holds what New has checked, so that an expression is checked once however often it occurs,
// and once per shape (see transplant) however many kinds it is compiled for: fleetkit's policies repeat
// checks (podSecurity restricted repeats the baseline checks), and the policies for Pods, workloads and
// CronJobs hold the same rules at different pod spec paths. Expressions share a program, or a shape, only
// when everything else the checker sees is equal: the environment, the variables in scope with their types
// and the accepted result types. A cache lives for one call of New, which holds compileMu while using it.
type compileCache struct {
	programs map[compileKey]checked
	shapes   map[compileKey]*cel.Ast
	// transplanted counts the expressions typed from their shape.
	transplanted int
}

func newCompileCache() *compileCache {
	return &compileCache{programs: map[compileKey]checked{}, shapes: map[compileKey]*cel.Ast{}}
}

// compileKey identifies an expression (or, in shapes, a shape) in its environment and scope.
type compileKey struct {
	env        *cel.Env
	scope      string
	expression string
	types      string
}

// checked is the outcome of checking one expression.
type checked struct {
	prog *program
	err  error
}

// run sets the program (or error) of every job; scope describes the variables in scope. Expressions not
// yet in the cache are parsed, one of each new shape is checked, and the others get its types.
func (c *compileCache) run(jobs []*compileJob, scope string) {
	var todo []*compileJob
	for _, j := range jobs {
		j.key = compileKey{env: j.env, scope: scope, expression: j.expression, types: typesKey(j.types)}
		if _, ok := c.programs[j.key]; !ok {
			c.programs[j.key] = checked{}
			todo = append(todo, j)
		}
	}
	parallel(len(todo), func(i int) { todo[i].parsed, todo[i].err = parseExpression(todo[i].env, todo[i].expression) })
	reps, followers := c.byShape(todo, scope)
	parallel(len(reps), func(i int) { reps[i].check() })
	for _, j := range reps {
		if j.err == nil {
			c.shapes[j.shape] = j.ast
		}
	}
	parallel(len(followers), func(i int) { followers[i].follow(c.shapes[followers[i].shape]) })
	for _, j := range todo {
		if j.transplanted {
			c.transplanted++
		}
		if j.err == nil {
			j.prog, j.err = newProgram(j.env, j.expression, j.ast, j.types)
		}
		c.programs[j.key] = checked{prog: j.prog, err: j.err}
	}
	for _, j := range jobs {
		j.prog, j.err = c.programs[j.key].prog, c.programs[j.key].err
	}
}

// byShape splits the parsed jobs into those to check (the first of a shape not seen before) and those to
// type from the checked expression of their shape.
func (c *compileCache) byShape(jobs []*compileJob, scope string) (reps, followers []*compileJob) {
	first := map[compileKey]bool{}
	for _, j := range jobs {
		if j.err != nil {
			continue
		}
		var b strings.Builder
		writeShape(&b, j.parsed.NativeRep().Expr())
		j.shape = compileKey{env: j.env, scope: scope, expression: b.String(), types: typesKey(j.types)}
		if _, seen := c.shapes[j.shape]; seen || first[j.shape] {
			followers = append(followers, j)
			continue
		}
		first[j.shape] = true
		reps = append(reps, j)
	}
	return reps, followers
}

// check checks the job's parsed expression in full.
func (j *compileJob) check() {
	j.ast, j.err = checkParsed(j.env, j.parsed)
}

// follow types the job's expression from from, the checked expression of its shape; it is checked in
// full when there is none (its shape did not check: the error must locate its own text) or the transplant
// fails.
func (j *compileJob) follow(from *cel.Ast) {
	if from != nil {
		if transplant(from, j.parsed) {
			j.ast, j.transplanted = j.parsed, true
			return
		}
	}
	j.check()
}

// parallel calls f for 0..n-1 on every available CPU.
func parallel(n int, f func(int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// typesKey renders accepted result types; nil (any type) renders as "".
func typesKey(types []*cel.Type) string {
	var s string
	for _, t := range types {
		s += t.String() + ","
	}
	return s
}
