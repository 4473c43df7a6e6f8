package config

import (
	"strings"
	"testing"
	"time"
)

func TestStartupTimeout(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil || c.StartupTimeout != 60*time.Second {
		t.Fatalf("default: %s, %v", c.StartupTimeout, err)
	}
	c, err = Load(env(map[string]string{"STARTUP_TIMEOUT": "2m30s"}))
	if err != nil || c.StartupTimeout != 150*time.Second {
		t.Fatalf("2m30s: %s, %v", c.StartupTimeout, err)
	}
	for _, bad := range []string{"soon", "0s", "-5s", "60"} {
		_, err := Load(env(map[string]string{"STARTUP_TIMEOUT": bad}))
		if ce, ok := AsError(err); !ok || !strings.Contains(ce.Error(), "STARTUP_TIMEOUT") {
			t.Errorf("STARTUP_TIMEOUT=%q: want a problem naming it, got %v", bad, err)
		}
	}
}
