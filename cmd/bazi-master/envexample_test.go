package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/joho/godotenv"
)

// commentedAssignment is a line of .env.example that shows a variable
// commented out ("# NAME=value"), for the reader to uncomment.
var commentedAssignment = regexp.MustCompile(`(?m)^# ([A-Z][A-Z0-9_]*=)`)

// shellEnv sources file in bash with every assignment exported and returns
// the variables it named, as the shell sees them.
func shellEnv(t *testing.T, file string, names []string) map[string]string {
	t.Helper()
	script := `set -a; . "$1" || exit 1; set +a; for n in "${@:2}"; do printf '%s=%s\0' "$n" "${!n-}"; done`
	cmd := exec.Command("bash", append([]string{"-c", script, "bash", file}, names...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("bash: set -a; . %s: %v\n%s", filepath.Base(file), err, stderr.String())
	}
	out := map[string]string{}
	for _, kv := range strings.Split(strings.TrimSuffix(stdout.String(), "\x00"), "\x00") {
		if k, v, ok := strings.Cut(kv, "="); ok {
			out[k] = v
		}
	}
	return out
}

// .env.example can be sourced by a shell (set -a; . ./.env.example), also
// with any of its commented variables uncommented, and the app's .env
// loader reads every value exactly as the shell does.
func TestEnvExampleSourcesAndLoadsAlike(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	text, err := os.ReadFile(filepath.Join("..", "..", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	asIs := filepath.Join(dir, "as-is.env")
	uncommented := filepath.Join(dir, "uncommented.env")
	if err := os.WriteFile(asIs, text, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(uncommented, commentedAssignment.ReplaceAll(text, []byte("$1")), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{asIs, uncommented} {
		loaded, err := godotenv.Read(file)
		if err != nil {
			t.Fatalf("%s: the .env loader: %v", filepath.Base(file), err)
		}
		names := make([]string, 0, len(loaded))
		for k := range loaded {
			names = append(names, k)
		}
		sort.Strings(names)
		shell := shellEnv(t, file, names)
		for _, k := range names {
			if shell[k] != loaded[k] {
				t.Errorf("%s: %s is %q to the shell but %q to the app", filepath.Base(file), k, shell[k], loaded[k])
			}
		}
		if file == uncommented && len(names) < 40 {
			t.Errorf("only %d variables once uncommented; the pattern missed some", len(names))
		}
	}
}
