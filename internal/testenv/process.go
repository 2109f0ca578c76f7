package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// process is a child process whose output goes to a log file.
type process struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{}
	exitErr error
}

// startProcess starts bin with args, logging to dir/name.log.
func startProcess(name, dir, bin string, args ...string) (*process, error) {
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		_ = logFile.Close() // nothing was written; the start error is the one to report
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		p.exitErr = cmd.Wait()
		_ = logFile.Close() // the log is diagnostics only; the exit status is kept in exitErr
		close(p.done)
	}()
	return p, nil
}

// exited reports the exit of a process that stopped on its own, or nil while it runs.
func (p *process) exited() error {
	select {
	case <-p.done:
		if p.exitErr == nil {
			return fmt.Errorf("%s exited", p.name)
		}
		return fmt.Errorf("%s exited: %w", p.name, p.exitErr)
	default:
		return nil
	}
}

// stop interrupts the process, and kills it after grace.
func (p *process) stop(grace time.Duration) {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(os.Interrupt) // a process that already exited is caught by done below
	select {
	case <-p.done:
	case <-time.After(grace):
		_ = p.cmd.Process.Kill() // it ignored the interrupt; done closes once it is gone
		<-p.done
	}
}

// logTail returns the last n bytes of the process log.
func (p *process) logTail(n int) string {
	data, err := os.ReadFile(p.logPath)
	if err != nil {
		return fmt.Sprintf("(no log: %v)", err)
	}
	s := strings.TrimSpace(string(data))
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}
