package database

import "testing"

func TestWithConnectTimeout(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://u@db:5432/app?sslmode=disable", "postgres://u@db:5432/app?connect_timeout=3&sslmode=disable"},
		{"postgresql://u@db/app", "postgresql://u@db/app?connect_timeout=3"},
		{"postgres://u@db/app?connect_timeout=10", "postgres://u@db/app?connect_timeout=10"},
		{"host=db dbname=app", "host=db dbname=app connect_timeout=3"},
		{"host=db connect_timeout=1", "host=db connect_timeout=1"},
	} {
		if got := withConnectTimeout(tc.in); got != tc.want {
			t.Errorf("withConnectTimeout(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
