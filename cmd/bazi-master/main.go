// Command bazi-master is the whole app in one binary:
//
//	bazi-master [serve]              run the web server (the default)
//	bazi-master migrate up|down|status
//	bazi-master chart --date 1988-02-15 --time 23:30 --tz Asia/Shanghai --gender male
//	bazi-master tarot --spread celtic-cross --question Q
//	bazi-master version
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"

	_ "time/tzdata" // zone history (China's 1986–1991 DST, …) must not depend on the host

	"github.com/bazi-master/bazi-master/internal/buildinfo"
	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/logging"
	"github.com/bazi-master/bazi-master/internal/server"
)

// Exit codes: 1 for runtime and configuration failures, 2 for bad usage.
const (
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	// Outside production a .env in the working directory fills in what the
	// environment leaves unset.
	getenv, _, err := config.DotEnv(os.LookupEnv, config.DotEnvFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bazi-master: %v\n", err)
		os.Exit(exitFailure)
	}
	os.Exit(run(os.Args[1:], getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(getenv, stdout, stderr)
	case "migrate":
		return migrate(args, getenv, stdout, stderr)
	case "chart":
		return chart(args, stdout, stderr)
	case "ziwei":
		return ziweiCmd(args, stdout, stderr)
	case "astro":
		return astroCmd(args, stdout, stderr)
	case "iching":
		return ichingCmd(args, stdout, stderr)
	case "tarot":
		return tarotCmd(args, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "bazi-master %s (commit %s%s)\n", buildinfo.Version, buildinfo.Commit, dateSuffix())
		return 0
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "bazi-master: unknown command %q\n\n", cmd)
		usage(stderr)
		return exitUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  bazi-master [serve]                 start the web server (default)
  bazi-master migrate up|down|status  manage the database schema
  bazi-master chart --date D --tz Z --gender G [flags]
                                      print a chart as JSON (chart -h lists the flags)
  bazi-master ziwei --date D --time T --tz Z --gender G [--year Y] [flags]
                                      print a Zi Wei Dou Shu board as JSON (ziwei -h)
  bazi-master astro --date D --time T --tz Z --lat L --lon L [--houses H]
                                      print a Western natal chart as JSON (astro -h)
  bazi-master iching [--lines 789789 | --method coins|yarrow|time|numbers]
                                      cast the I Ching and print the cast as JSON (iching -h)
  bazi-master tarot [--spread S] [--no-reversals] [--question Q]
                                      draw a Tarot spread and print it as JSON (tarot -h)
  bazi-master version                 print the version

Configuration comes from environment variables (outside production also
from a .env file in the working directory); see README.md.
`)
}

func dateSuffix() string {
	if buildinfo.Date == "" {
		return ""
	}
	return ", built " + buildinfo.Date
}

// loadConfig parses and checks the environment. Every problem is printed at
// once, to stderr for the operator and as JSON log lines for collectors.
func loadConfig(getenv func(string) string, stderr io.Writer, log *slog.Logger) (config.Config, bool) {
	cfg, err := config.Load(getenv)
	var problems, warnings []string
	if ce, ok := config.AsError(err); ok {
		problems = append(problems, ce.Problems...)
	} else if err != nil {
		problems = append(problems, err.Error())
	}
	p, w := cfg.Check()
	problems, warnings = append(problems, p...), append(warnings, w...)
	for _, w := range warnings {
		log.Warn("configuration", "warning", w)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			log.Error("configuration", "problem", p)
		}
		fmt.Fprintf(stderr, "bazi-master: refusing to start (%s mode):\n", cfg.Env)
		for _, p := range problems {
			fmt.Fprintf(stderr, "  - %s\n", p)
		}
		return cfg, false
	}
	return cfg, true
}

func serve(getenv func(string) string, stdout, stderr io.Writer) int {
	log := logging.New(stdout, getenv("LOG_LEVEL"))
	cfg, ok := loadConfig(getenv, stderr, log)
	if !ok {
		return exitFailure
	}
	log = logging.New(stdout, cfg.LogLevel)
	logging.SetDefault(log) // libraries' own logs (go-redis, fiber, log) as JSON too
	gcPercent := server.TuneGC(getenv)
	log.Debug("garbage collector target", "gc_percent", gcPercent)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	// Listen first: /health answers and /ready says what is missing while
	// the database is retried for up to STARTUP_TIMEOUT.
	srv, err := server.New(cfg, log)
	if err != nil {
		log.Error("start-up failed", "error", err)
		fmt.Fprintf(stderr, "bazi-master: %v\n", err)
		return exitFailure
	}
	ln, err := net.Listen("tcp", cfg.ListenAddr())
	if err != nil {
		log.Error("listen failed", "addr", cfg.ListenAddr(), "error", err)
		_ = srv.Close()
		return exitFailure
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	if err := srv.Connect(ctx); err != nil {
		signalled := ctx.Err() != nil
		stop()
		if signalled { // SIGTERM or SIGINT before start-up finished
			log.Info("stopped during start-up")
			_ = srv.Shutdown(cfg.ShutdownTimeout)
			<-served
			return 0
		}
		log.Error("start-up failed", "error", err, "startup_timeout", cfg.StartupTimeout.String())
		fmt.Fprintf(stderr, "bazi-master: %v\n", err)
		_ = srv.Shutdown(cfg.ShutdownTimeout)
		<-served
		return exitFailure
	}

	select {
	case err := <-served:
		log.Error("server stopped", "error", err)
		_ = srv.Close()
		return exitFailure
	case <-ctx.Done():
	}
	stop() // a second signal kills the process the default way
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	if err := srv.Shutdown(cfg.ShutdownTimeout); err != nil {
		log.Error("shutdown", "error", err)
		return exitFailure
	}
	<-served
	log.Info("stopped")
	return 0
}

func migrate(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) != 1 || (args[0] != "up" && args[0] != "down" && args[0] != "status") {
		fmt.Fprintln(stderr, "usage: bazi-master migrate up|down|status")
		return exitUsage
	}
	log := logging.New(stderr, getenv("LOG_LEVEL"))
	cfg, ok := loadConfig(getenv, stderr, log)
	if !ok {
		return exitFailure
	}
	logging.SetDefault(log)
	ctx := context.Background()
	db, err := database.Open(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "bazi-master: %v\n", err)
		return exitFailure
	}
	defer db.Close()
	p, err := db.Migrator()
	if err != nil {
		fmt.Fprintf(stderr, "bazi-master: %v\n", err)
		return exitFailure
	}
	switch args[0] {
	case "up":
		err = db.MigrateUp(ctx, log)
	case "down":
		var r interface{ String() string }
		r, err = p.Down(ctx)
		if err == nil {
			fmt.Fprintln(stdout, r.String())
		}
	case "status":
		statuses, serr := p.Status(ctx)
		if err = serr; err == nil {
			tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "VERSION\tSTATE\tAPPLIED AT\tFILE")
			for _, st := range statuses {
				applied := "-"
				if !st.AppliedAt.IsZero() {
					applied = st.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", st.Source.Version, st.State, applied, st.Source.Path)
			}
			_ = tw.Flush()
		}
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return exitFailure
		}
		fmt.Fprintf(stderr, "bazi-master: migrate %s: %v\n", args[0], err)
		return exitFailure
	}
	return 0
}
