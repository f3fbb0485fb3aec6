package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// nodePackSources are the files of bench/policyref/nodepack that the work folder gets a copy of.
var nodePackSources = []string{"package.json", "package-lock.json", "index.js"}

// installStampFile, inside node_modules, holds the SHA-256 of the package-lock.json that npm ci
// installed, so that a later run installs again only when the lock file changed.
const installStampFile = ".policyref-lock-sha256"

// installNodePack copies the Node.js pack's sources from the repository into <workDir>/policyref-node
// and runs `npm ci` there unless node_modules already matches package-lock.json. It returns the pack's
// folder.
func installNodePack(ctx context.Context, root, workDir string) (string, error) {
	source := filepath.Join(root, "bench", "policyref", "nodepack")
	dir := filepath.Join(workDir, "policyref-node")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating the Node.js pack folder: %w", err)
	}
	for _, name := range nodePackSources {
		content, err := os.ReadFile(filepath.Join(source, name))
		if err != nil {
			return "", fmt.Errorf("reading the Node.js pack: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			return "", fmt.Errorf("copying the Node.js pack: %w", err)
		}
	}

	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(lock)
	want := hex.EncodeToString(sum[:])
	stamp := filepath.Join(dir, "node_modules", installStampFile)
	if have, err := os.ReadFile(stamp); err == nil && string(bytes.TrimSpace(have)) == want {
		return dir, nil
	}

	logger.Printf("installing the Node.js policy pack's packages with npm ci in %s", dir)
	install := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
	install.Dir = dir
	if output, err := install.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm ci in %s failed: %w\n%s", dir, err, output)
	}
	if err := os.WriteFile(stamp, []byte(want+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("writing the install stamp: %w", err)
	}
	return dir, nil
}

// nodePackCommand returns the command that starts the Node.js pack in dir as the Pulumi CLI does. The
// CLI's nodejs language host (RunPlugin in sdk/nodejs/cmd/pulumi-language-nodejs of pulumi/pulumi)
// runs node on @pulumi/pulumi/cmd/run-policy-pack in the pack folder, with the engine's address and
// the pack folder as arguments and the stack settings in PULUMI_NODEJS_* variables. run-policy-pack
// drops the address argument, and the SDK reads the engine's address from PULUMI_NODEJS_ENGINE, so the
// command sets that variable as well.
//
// NOTE: The CLI puts the language host's policy proxy between the engine and the pack, which forwards
// every call. The harness connects to the pack directly, so the Node.js figures leave out that hop.
func nodePackCommand(ctx context.Context, dir, engineAddress string) *exec.Cmd {
	runPolicyPack := filepath.Join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack", "index.js")
	command := exec.CommandContext(ctx, "node", runPolicyPack, engineAddress, dir)
	command.Dir = dir
	command.Env = append(os.Environ(),
		"PULUMI_NODEJS_ENGINE="+engineAddress,
		"PULUMI_NODEJS_TYPESCRIPT=true",
		"PULUMI_NODEJS_PROJECT="+project,
		"PULUMI_NODEJS_STACK="+stack,
		"PULUMI_NODEJS_DRY_RUN=true",
	)
	return command
}

// nodeVersion returns the output of `node --version`, such as "v20.20.2".
func nodeVersion(ctx context.Context) (string, error) {
	output, err := exec.CommandContext(ctx, "node", "--version").Output()
	if err != nil {
		return "", fmt.Errorf("running node --version failed: %w; install Node.js (@pulumi/pulumi 3.276.0 declares 22 or later)", err)
	}
	return string(bytes.TrimSpace(output)), nil
}

// engineServer is the part of the engine's gRPC service that a Node.js policy pack calls: Log, for
// the messages that @pulumi/pulumi's log functions send. It counts them and prints warnings and
// errors.
type engineServer struct {
	pulumirpc.UnimplementedEngineServer
	messages atomic.Int64
}

func (e *engineServer) Log(_ context.Context, request *pulumirpc.LogRequest) (*emptypb.Empty, error) {
	e.messages.Add(1)
	if request.GetSeverity() >= pulumirpc.LogSeverity_WARNING {
		logger.Printf("engine log from the Node.js pack (%s): %s", request.GetSeverity(), request.GetMessage())
	}
	return &emptypb.Empty{}, nil
}

// Messages returns the number of Log calls so far.
func (e *engineServer) Messages() int64 {
	return e.messages.Load()
}

// servedEngine is an engine service on 127.0.0.1.
type servedEngine struct {
	*engineServer
	Address string
	server  *grpc.Server
	done    sync.WaitGroup
}

// serveEngine serves the engine service on a free port of 127.0.0.1.
func serveEngine() (*servedEngine, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening for the engine service: %w", err)
	}
	served := &servedEngine{engineServer: &engineServer{}, Address: listener.Addr().String(), server: grpc.NewServer()}
	pulumirpc.RegisterEngineServer(served.server, served.engineServer)
	served.done.Add(1)
	go func() {
		defer served.done.Done()
		if err := served.server.Serve(listener); err != nil {
			logger.Printf("engine service on %s stopped: %v", served.Address, err)
		}
	}()
	return served, nil
}

// Stop stops the engine service.
func (s *servedEngine) Stop() {
	s.server.Stop()
	s.done.Wait()
}
