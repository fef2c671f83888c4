// Command vios-crash runs the crash harness (loadtest/crash) against a vios
// binary: make crash runs it with 1,000 kills on SQLite and on PostgreSQL,
// make test with 50.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/vios-platform/vios/loadtest/crash"
)

func main() {
	binary := flag.String("vios", "./vios", "het vios-programma dat gestart en afgeschoten wordt")
	work := flag.String("werkmap", "", "map voor de gegevens en het serverlog (leeg: een tijdelijke map)")
	dsn := flag.String("database-url", "", "postgres://… van een cluster waarin een verse database wordt gemaakt; leeg: SQLite")
	kills := flag.Int("kills", 50, "hoe vaak de server met SIGKILL wordt gestopt")
	writers := flag.Int("schrijvers", 4, "gelijktijdige schrijvers")
	minUp := flag.Duration("min-op", 0, "kortste tijd tussen de eerste bevestigde schrijfactie na een start en de kill")
	maxUp := flag.Duration("max-op", 200*time.Millisecond, "langste tijd tussen de eerste bevestigde schrijfactie na een start en de kill")
	seed := flag.Uint64("seed", uint64(time.Now().UnixNano()), "zaad van de toevalsmomenten")
	flag.Parse()
	if *work == "" {
		dir, err := os.MkdirTemp("", "vios-crash-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
		*work = dir
	}
	db := "SQLite"
	if *dsn != "" {
		db = "PostgreSQL"
	}
	res, err := crash.Run(context.Background(), crash.Config{Binary: *binary, Work: *work, DatabaseURL: *dsn, Kills: *kills,
		Writers: *writers, MinUp: *minUp, MaxUp: *maxUp, Seed: *seed, Log: os.Stderr})
	if res != nil {
		fmt.Printf("%s: %d kills, %d bevestigde schrijfacties %v (zonder bewaard antwoord: %d beantwoord uit de vastlegging, "+
			"%d als \"Al uitgevoerd\"), %d herhaald met dezelfde sleutel; %d verloren, %d dubbel; %s (seed %d)\n",
			db, res.Kills, res.Acknowledged, res.PerKind, res.FromClaim, res.LostAnswers, res.Retries,
			res.Lost, res.Duplicated, res.Elapsed.Round(time.Second), *seed)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v (serverlog in %s)\n", db, err, *work)
		os.Exit(1)
	}
}
