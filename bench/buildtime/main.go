// Command buildtime measures how long it takes to build every Lambda function under functions/ and the Pulumi
// program.
//
// The functions are built one after another by infra/lambdabuild for arm64, as a deploy builds them, and the
// program with `go build` of the repository root. Three passes run in order:
//   - cold: an empty Go build cache and an empty zip cache (the module cache is kept, so nothing is
//     downloaded);
//   - warm compile: the Go build cache from the cold pass and an empty zip cache, as after a change to code
//     that every function shares;
//   - warm: both caches from the passes before, as a deploy with no code change.
//
// Usage: go run ./bench/buildtime
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/secureserverless/framework/bench/internal/setup"
	"github.com/secureserverless/framework/bench/internal/stats"
	"github.com/secureserverless/framework/infra/lambdabuild"
)

// functionPackages are the Lambda functions under functions/.
var functionPackages = []string{
	"./functions/me",
	"./functions/uploads",
	"./functions/files",
	"./functions/quarantine",
	"./functions/validate",
	"./functions/originsecret",
}

// pass is one measured build of everything.
type pass struct {
	name      string
	functions time.Duration
	program   time.Duration
	compiled  int // functions that lambdabuild compiled rather than took from its zip cache
}

func main() {
	flag.Parse()
	log.SetFlags(0)
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	folders, err := setup.NewFolders("buildtime")
	if err != nil {
		return err
	}
	defer os.RemoveAll(folders.Scratch)
	root, scratch := folders.Root, folders.Scratch

	// lambdabuild and go build both read GOCACHE from the environment.
	goCache := filepath.Join(scratch, "gocache")
	if err := os.Setenv("GOCACHE", goCache); err != nil {
		return fmt.Errorf("setting GOCACHE: %w", err)
	}
	programBinary := filepath.Join(scratch, "program")
	loadBefore := stats.LoadAverage()

	var passes []pass
	for _, step := range []struct {
		name     string
		zipCache string
	}{
		{name: "cold", zipCache: filepath.Join(scratch, "zips-cold")},
		{name: "warm compile", zipCache: filepath.Join(scratch, "zips-warm")},
		{name: "warm", zipCache: filepath.Join(scratch, "zips-warm")},
	} {
		measuredPass, err := buildAll(ctx, root, step.zipCache, programBinary)
		if err != nil {
			return fmt.Errorf("%s pass: %w", step.name, err)
		}
		measuredPass.name = step.name
		passes = append(passes, measuredPass)
	}

	printReport(os.Stdout, passes, loadBefore)
	return nil
}

// buildAll builds every function with lambdabuild into zipCache, then the program, and times both.
func buildAll(ctx context.Context, root, zipCache, programBinary string) (pass, error) {
	var result pass
	start := time.Now()
	for _, pkg := range functionPackages {
		artifact, err := lambdabuild.Build(ctx, lambdabuild.Options{
			Dir: root, Package: pkg, Arch: lambdabuild.DefaultArch, CacheDir: zipCache,
		})
		if err != nil {
			return pass{}, fmt.Errorf("building %s: %w", pkg, err)
		}
		if !artifact.Cached {
			result.compiled++
		}
	}
	result.functions = time.Since(start)

	start = time.Now()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", programBinary, ".")
	cmd.Dir = root
	output, err := cmd.CombinedOutput()
	if err != nil {
		return pass{}, fmt.Errorf("go build of the program failed: %w\n%s", err, strings.TrimSpace(string(output)))
	}
	result.program = time.Since(start)
	return result, nil
}

func printReport(w io.Writer, passes []pass, loadBefore string) {
	fmt.Fprintf(w, "Build times: %d functions (lambdabuild, arm64, one after another) and the program (go build .)\n",
		len(functionPackages))
	fmt.Fprintf(w, "Load average (1, 5, 15 min) before: %s, after: %s\n\n", loadBefore, stats.LoadAverage())
	fmt.Fprintln(w, "| pass | functions s | functions compiled | program s | total s |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: |")
	for _, p := range passes {
		fmt.Fprintf(w, "| %s | %.1f | %d of %d | %.1f | %.1f |\n", p.name, p.functions.Seconds(), p.compiled,
			len(functionPackages), p.program.Seconds(), (p.functions + p.program).Seconds())
	}
}
