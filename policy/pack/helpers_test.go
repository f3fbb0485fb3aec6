package pack

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// thingType is the resource type that the test policies check, as in testdata/stockpack.
const thingType = "test:index:Thing"

// thingURN is the URN of the resource that the tests analyze.
const thingURN = "urn:pulumi:dev::project::test:index:Thing::thing-1"

// testNow is the clock of the test servers: exceptions that expire before 2026-06-15 are expired.
var testNow = time.Date(2026, time.June, 15, 12, 0, 0, 0, time.UTC)

// testPolicies returns the policies of testdata/stockpack written with this package's API, plus
// policies for the features that policyx lacks.
func testPolicies() []*Policy {
	base := func(name, description string) *Policy {
		return &Policy{
			Name:             name,
			Description:      description,
			Rationale:        "The test needs a reason.",
			RemediationSteps: "Change the thing.",
			Severity:         SeverityMedium,
			ResourceTypes:    []string{thingType},
		}
	}

	noLevel := base("no-level", "Things must not be bad.")
	noLevel.ValidateResource = func(_ context.Context, check *ResourceCheck) error {
		if check.Resource.Properties.Get("bad").IsBool() {
			check.Report("bad is set, expected it unset.")
		}
		return nil
	}

	readsValue := base("reads-value", "Things must have the value good.")
	readsValue.EnforcementLevel = EnforcementLevelMandatory
	readsValue.Waivable = true
	readsValue.ValidateResource = func(_ context.Context, check *ResourceCheck) error {
		value := check.Resource.Properties.Get("value")
		if !check.Known("value", value) {
			return nil
		}
		if value.IsString() && value.AsString() != "good" {
			check.Report("value is %q, expected \"good\".", value.AsString())
		}
		return nil
	}

	readsUnsafely := base("reads-unsafely", "Things must have a short label.")
	readsUnsafely.EnforcementLevel = EnforcementLevelAdvisory
	readsUnsafely.ValidateResource = func(_ context.Context, check *ResourceCheck) error {
		// AsString panics on an unknown label, which the server must survive.
		if label := check.Resource.Properties.Get("label"); !label.IsNull() && len(label.AsString()) > 10 {
			check.Report("label is too long.")
		}
		return nil
	}

	panics := base("panics", "Things must not make the policy panic.")
	panics.EnforcementLevel = EnforcementLevelAdvisory
	panics.ValidateResource = func(_ context.Context, check *ResourceCheck) error {
		if check.Resource.Properties.Get("panic").IsBool() {
			panic("the policy has a bug")
		}
		return nil
	}

	returnsError := base("returns-error", "Things must not make the policy fail.")
	returnsError.EnforcementLevel = EnforcementLevelAdvisory
	returnsError.ValidateResource = func(_ context.Context, check *ResourceCheck) error {
		if check.Resource.Properties.Get("fail").IsBool() {
			return errors.New("the policy cannot read its config")
		}
		return nil
	}

	described := base("described", "Things must carry every kind of metadata.")
	described.EnforcementLevel = EnforcementLevelAdvisory
	described.Severity = SeverityCritical
	described.Tags = []string{"test", "hipaa:164.312(b)"}
	described.Framework = &Framework{Name: "PCI DSS", Version: "4.0", Reference: "10.2.1", Specification: "Audit logs"}
	described.URL = "https://example.com/described"
	described.Waivable = true
	described.Profiles = map[Profile]EnforcementLevel{ProfileHIPAA: EnforcementLevelMandatory}
	described.ConfigSchema = &ConfigSchema{Properties: map[string]map[string]any{
		"limit": {"type": "integer", "minimum": 1, "default": 3, "description": "Largest accepted size."},
	}}
	described.ValidateResource = func(_ context.Context, check *ResourceCheck) error {
		size := check.Resource.Properties.Get("size")
		if !check.Known("size", size) || !size.IsNumber() {
			return nil
		}
		if limit, _ := check.Config["limit"].(float64); size.AsNumber() > limit {
			check.Report("size is %g, expected at most %g.", size.AsNumber(), limit)
		}
		return nil
	}

	stack := base("stack-config", "Stacks must have a thing for every widget.")
	stack.EnforcementLevel = EnforcementLevelMandatory
	stack.Waivable = true
	stack.ResourceTypes = []string{"test:index:Widget"}
	stack.ConfigSchema = &ConfigSchema{Properties: map[string]map[string]any{
		"label": {"type": "string", "default": "widget", "description": "Label used in messages."},
	}}
	stack.ValidateStack = func(_ context.Context, check *StackCheck) error {
		label, _ := check.Config["label"].(string)
		for _, widget := range check.OfType("test:index:Widget") {
			if !check.Known(widget, "size", widget.Properties.Get("size")) {
				continue
			}
			if len(check.Referencing(widget, thingType, "widget")) == 0 {
				check.Report(widget, "%s has no thing whose widget property references it, expected one.", label)
			}
		}
		return nil
	}

	return []*Policy{noLevel, readsValue, readsUnsafely, panics, returnsError, described, stack}
}

// newTestPack builds the test pack with the pack-level level mandatory, as in testdata/stockpack.
func newTestPack(t *testing.T) *Pack {
	t.Helper()
	p, err := New(Args{
		Name:             "stock",
		Version:          "1.0.0",
		EnforcementLevel: EnforcementLevelMandatory,
		Policies:         testPolicies(),
	})
	require.NoError(t, err)
	return p
}

// serve serves the pack on a loopback port in this process and returns a client and the server's
// log.
func serve(t *testing.T, p *Pack) (pulumirpc.AnalyzerClient, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	server := NewServer(p, WithClock(func() time.Time { return testNow }),
		WithLogger(slog.New(slog.NewJSONHandler(&syncWriter{w: &log}, nil))))

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	grpcServer := grpc.NewServer()
	pulumirpc.RegisterAnalyzerServer(grpcServer, server)
	go func() { _ = grpcServer.Serve(listener) }()
	t.Cleanup(grpcServer.Stop)

	return dial(t, listener.Addr().String()), &log
}

// syncWriter serializes writes from the server's concurrent handlers.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func dial(t *testing.T, address string) pulumirpc.AnalyzerClient {
	t.Helper()
	connection, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = connection.Close() })
	return pulumirpc.NewAnalyzerClient(connection)
}

var (
	stockBinaryOnce sync.Once
	stockBinary     string
	stockBinaryErr  error
)

// startStock builds testdata/stockpack once per test run, starts a fresh process of it, and returns
// a client. A panic in the stock server ends that process, so each scenario starts its own.
func startStock(t *testing.T) pulumirpc.AnalyzerClient {
	t.Helper()
	stockBinaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "stockpack")
		if err != nil {
			stockBinaryErr = err
			return
		}
		stockBinary = filepath.Join(dir, "stockpack")
		output, err := exec.Command("go", "build", "-o", stockBinary, "./testdata/stockpack").CombinedOutput()
		if err != nil {
			stockBinaryErr = fmt.Errorf("building testdata/stockpack: %w\n%s", err, output)
		}
	})
	require.NoError(t, stockBinaryErr)

	ctx, cancel := context.WithCancel(context.Background())
	process := exec.CommandContext(ctx, stockBinary)
	var stderr bytes.Buffer
	process.Stderr = &stderr
	stdout, err := process.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, process.Start())
	t.Cleanup(func() {
		cancel()
		_ = process.Wait()
	})

	port, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "reading the port that the stock pack prints: %s", stderr.String())
	return dial(t, "127.0.0.1:"+strings.TrimSpace(port))
}

// TestMain removes the stock pack binary after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if stockBinary != "" {
		_ = os.RemoveAll(filepath.Dir(stockBinary))
	}
	os.Exit(code)
}

// session holds what an engine session sends before it analyzes resources.
type session struct {
	dryRun bool
	config map[string]*pulumirpc.PolicyConfig
}

// startSession sends Handshake, GetPluginInfo, GetAnalyzerInfo, ConfigureStack and Configure in the
// order the engine does (pkg/v3 v3.276.0, engine/update.go). It returns the Configure error.
func startSession(ctx context.Context, t *testing.T, client pulumirpc.AnalyzerClient, s session) error {
	t.Helper()
	_, err := client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{EngineAddress: "127.0.0.1:1"})
	require.NoError(t, err)
	_, err = client.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: "dev", Project: "project", Organization: "organization", DryRun: s.dryRun,
	})
	require.NoError(t, err)
	_, err = client.GetPluginInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	_, err = client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	if s.config == nil {
		return nil
	}
	_, err = client.Configure(ctx, &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: s.config})
	return err
}

// engineConfig builds a Configure request the way the engine does: every policy of info with its
// advertised level, then the given overrides. Each override is a level name, or a map of properties
// that may include "enforcementLevel".
func engineConfig(t *testing.T, info *pulumirpc.AnalyzerInfo, overrides map[string]any) map[string]*pulumirpc.PolicyConfig {
	t.Helper()
	config := map[string]*pulumirpc.PolicyConfig{}
	for _, policy := range info.GetPolicies() {
		config[policy.GetName()] = &pulumirpc.PolicyConfig{EnforcementLevel: policy.GetEnforcementLevel()}
	}
	for name, initial := range info.GetInitialConfig() {
		config[name] = initial
	}
	for name, override := range overrides {
		entry, ok := config[name]
		if !ok {
			entry = &pulumirpc.PolicyConfig{}
			config[name] = entry
		}
		switch override := override.(type) {
		case string:
			entry.EnforcementLevel = levelValue(t, override)
		case map[string]any:
			properties := map[string]any{}
			for key, value := range override {
				if key == "enforcementLevel" {
					entry.EnforcementLevel = levelValue(t, value.(string))
					continue
				}
				properties[key] = value
			}
			converted, err := structpb.NewStruct(properties)
			require.NoError(t, err)
			entry.Properties = converted
		default:
			t.Fatalf("override %v of %s is neither a level nor properties", override, name)
		}
	}
	return config
}

func levelValue(t *testing.T, name string) pulumirpc.EnforcementLevel {
	t.Helper()
	value, ok := pulumirpc.EnforcementLevel_value[strings.ToUpper(name)]
	require.True(t, ok, "level %q", name)
	return pulumirpc.EnforcementLevel(value)
}

// analyzeThing sends one thing with the given properties, keeping unknown values as the engine does.
func analyzeThing(
	ctx context.Context, client pulumirpc.AnalyzerClient, props resource.PropertyMap,
) (*pulumirpc.AnalyzeResponse, error) {
	properties, err := plugin.MarshalProperties(props, plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true})
	if err != nil {
		return nil, err
	}
	return client.Analyze(ctx, &pulumirpc.AnalyzeRequest{
		Type: thingType, Urn: thingURN, Name: "thing-1", Properties: properties,
	})
}

// unknown is a computed value, as the engine sends for an output that a preview does not know.
var unknown = resource.MakeComputed(resource.NewProperty(""))

// byPolicy groups the diagnostics of a response by policy name.
func byPolicy(response *pulumirpc.AnalyzeResponse) map[string][]*pulumirpc.AnalyzeDiagnostic {
	grouped := map[string][]*pulumirpc.AnalyzeDiagnostic{}
	for _, diagnostic := range response.GetDiagnostics() {
		grouped[diagnostic.GetPolicyName()] = append(grouped[diagnostic.GetPolicyName()], diagnostic)
	}
	return grouped
}

// notApplicable returns the reason of each policy that the response reports as not applicable.
func notApplicable(response *pulumirpc.AnalyzeResponse) map[string]string {
	reasons := map[string]string{}
	for _, entry := range response.GetNotApplicable() {
		reasons[entry.GetPolicyName()] = entry.GetReason()
	}
	return reasons
}

// propsOf is a shorthand for a property map in tests of the Go API.
func propsOf(fields map[string]property.Value) property.Map {
	return property.NewMap(fields)
}
