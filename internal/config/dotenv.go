package config

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/joho/godotenv"
)

// DotEnvFile is the file DotEnv reads, relative to the working directory.
const DotEnvFile = ".env"

// DotEnv returns the environment the app reads: the real one (lookup is
// os.LookupEnv in main) and, outside production, the variables of the
// file at path that the real environment does not set, so a developer can
// keep settings in .env. A variable set in the real environment always
// wins, even when it is set to the empty string.
//
// In production (APP_ENV or NODE_ENV set to production in the real
// environment) the file is not read at all: production settings come from
// the real environment only. A file that itself turns production on is an
// error, as is a file that cannot be parsed; a missing file is not.
// loaded reports how many variables the file supplied (0 when not read).
func DotEnv(lookup func(string) (string, bool), path string) (getenv func(string) string, loaded int, err error) {
	real := func(k string) string {
		v, _ := lookup(k)
		return v
	}
	if isProductionEnv(real("APP_ENV"), real("NODE_ENV")) {
		return real, 0, nil
	}
	file, err := godotenv.Read(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return real, 0, nil
	case err != nil:
		return real, 0, fmt.Errorf("read %s: %w", path, err)
	}
	used := map[string]string{}
	for k, v := range file {
		if _, set := lookup(k); !set {
			used[k] = v
		}
	}
	for _, k := range []string{"APP_ENV", "NODE_ENV"} {
		if v, ok := used[k]; ok && isProductionEnv(v, "") {
			return real, 0, fmt.Errorf("%s sets %s=%s, but %s is read in development only: set production variables in the real environment", path, k, v, path)
		}
	}
	return func(k string) string {
		if v, ok := lookup(k); ok {
			return v
		}
		return used[k]
	}, len(used), nil
}

// isProductionEnv reports whether either APP_ENV or NODE_ENV value turns
// production mode on (the same spellings Load accepts).
func isProductionEnv(appEnv, nodeEnv string) bool {
	for _, v := range []string{appEnv, nodeEnv} {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "production", "prod":
			return true
		}
	}
	return false
}
