package pack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Server serves a pack to the Pulumi engine over the analyzer protocol. It fixes what the server of
// the SDK's policyx package (v3.276.0) gets wrong. It returns GetPluginInfo and GetAnalyzerInfo before
// ConfigureStack, and applies the pack's enforcement level. It reports a failing policy instead of
// crashing or failing the whole call, and reports unknown values. It validates config, and sends each
// policy's severity, tags, remediation steps and framework. It is safe for concurrent use, as the
// engine analyzes resources in parallel.
type Server struct {
	pulumirpc.UnimplementedAnalyzerServer

	pack   *Pack
	now    func() time.Time
	logger *slog.Logger

	mu    sync.RWMutex
	state serverState
}

// serverState is the operation's settings from ConfigureStack and Configure. Calls replace it as a
// whole, so a reader keeps a consistent copy.
type serverState struct {
	// dryRun is true during a preview. `pulumi policy analyze` sends no ConfigureStack, and analyzes
	// stored state, so it stays false there.
	dryRun    bool
	stackTags map[string]string
	config    *configuration
}

// Option changes a default of NewServer.
type Option func(*Server)

// WithClock sets the clock that decides whether an exception has expired. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithLogger sets the logger for the errors the server handles, such as a failing policy. The
// default writes JSON to stderr, which the engine shows in its output.
func WithLogger(logger *slog.Logger) Option {
	return func(s *Server) { s.logger = logger }
}

// NewServer returns a server for the pack, configured with the baseline levels and the schema
// defaults until the engine calls Configure.
func NewServer(p *Pack, options ...Option) *Server {
	s := &Server{
		pack:   p,
		now:    time.Now,
		logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)),
		state:  serverState{config: p.defaultConfiguration()},
	}
	for _, option := range options {
		option(s)
	}
	return s
}

// Main serves the pack on a free port of the loopback interface, writes the port to stdout as the
// analyzer protocol requires, and returns when the engine stops the server.
func Main(p *Pack, options ...Option) error {
	server := NewServer(p, options...)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(grpcServer *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(grpcServer, server)
			return nil
		},
	})
	if err != nil {
		return fmt.Errorf("starting the analyzer server: %w", err)
	}

	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		return fmt.Errorf("serving the analyzer: %w", err)
	}
	return nil
}

func (s *Server) current() serverState {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.state
}

// Handshake accepts the engine's handshake. The pack needs nothing from it.
func (s *Server) Handshake(
	context.Context, *pulumirpc.AnalyzerHandshakeRequest,
) (*pulumirpc.AnalyzerHandshakeResponse, error) {
	return &pulumirpc.AnalyzerHandshakeResponse{}, nil
}

// GetPluginInfo returns the pack's version.
func (s *Server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: s.pack.Version()}, nil
}

// GetAnalyzerInfo describes the pack and every policy.
func (s *Server) GetAnalyzerInfo(context.Context, *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	info, err := s.pack.analyzerInfo()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "describing policy pack %s: %v", s.pack.Name(), err)
	}
	return info, nil
}

// ConfigureStack records whether the operation is a preview and the stack's tags.
func (s *Server) ConfigureStack(
	_ context.Context, request *pulumirpc.AnalyzerStackConfigureRequest,
) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.dryRun = request.GetDryRun()
	s.state.stackTags = maps.Clone(request.GetTags())
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

// Configure applies the pack config. Invalid config fails the call, and so the engine's operation,
// with a message that names every problem.
func (s *Server) Configure(_ context.Context, request *pulumirpc.ConfigureAnalyzerRequest) (*emptypb.Empty, error) {
	config, err := s.pack.configure(request.GetPolicyConfig(), s.now())
	if err != nil {
		// The engine prints the error and stops, so logging it too would only repeat it.
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.state.config = config
	return &emptypb.Empty{}, nil
}

// Analyze runs every resource policy that checks the resource's type.
func (s *Server) Analyze(ctx context.Context, request *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	subject, err := resourceFromAnalyzeRequest(request)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	state := s.current()
	results := &results{server: s, state: state, subjects: map[string]Resource{subject.URN: subject}}

	for _, policy := range s.pack.Policies() {
		if policy.IsStackPolicy() {
			continue
		}
		if !policy.appliesTo(subject.Type) {
			results.skip(policy, "the policy checks only "+strings.Join(policy.ResourceTypes, ", "))
			continue
		}
		level := state.config.levels[policy.Name]
		if level == EnforcementLevelDisabled {
			continue
		}

		check := &ResourceCheck{
			Resource:  subject,
			Config:    maps.Clone(state.config.properties[policy.Name]),
			StackTags: state.stackTags,
		}
		findings, err := policy.CheckResource(ctx, check)
		results.add(policy, level, findings, err, subject.URN)
	}
	return results.response(), nil
}

// AnalyzeStack runs every stack policy on all resources of the stack.
func (s *Server) AnalyzeStack(
	ctx context.Context, request *pulumirpc.AnalyzeStackRequest,
) (*pulumirpc.AnalyzeResponse, error) {
	resources := make([]Resource, 0, len(request.GetResources()))
	subjects := make(map[string]Resource, len(request.GetResources()))
	for _, r := range request.GetResources() {
		converted, err := resourceFromStackResource(r)
		if err != nil {
			return nil, status.Error(codes.InvalidArgument, err.Error())
		}
		resources = append(resources, converted)
		subjects[converted.URN] = converted
	}
	state := s.current()
	results := &results{server: s, state: state, subjects: subjects}

	for _, policy := range s.pack.Policies() {
		if !policy.IsStackPolicy() {
			continue
		}
		level := state.config.levels[policy.Name]
		if level == EnforcementLevelDisabled {
			continue
		}

		check := &StackCheck{
			Resources: resources,
			Config:    maps.Clone(state.config.properties[policy.Name]),
			StackTags: state.stackTags,
		}
		findings, err := policy.CheckStack(ctx, check)
		results.add(policy, level, findings, err, "")
	}
	return results.response(), nil
}

// Remediate changes nothing, because the pack has no remediation policies. The engine calls it
// before every Analyze.
func (s *Server) Remediate(context.Context, *pulumirpc.AnalyzeRequest) (*pulumirpc.RemediateResponse, error) {
	return &pulumirpc.RemediateResponse{}, nil
}

// Cancel accepts the engine's request to stop. Policies run only inside calls, so nothing is left to
// stop.
func (s *Server) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// results turns the findings of the policies into the diagnostics of one Analyze or AnalyzeStack
// response.
type results struct {
	server *Server
	state  serverState
	// subjects are the resources that findings may name, by URN.
	subjects map[string]Resource

	diagnostics   []*pulumirpc.AnalyzeDiagnostic
	notApplicable []*pulumirpc.PolicyNotApplicable
}

// add reports the findings and the error of one policy at its level. subjectURN is the resource that
// a resource policy checked, or empty for a stack policy.
func (r *results) add(policy *Policy, level EnforcementLevel, findings Findings, err error, subjectURN string) {
	reported := len(r.diagnostics)

	for _, violation := range findings.Violations {
		subject := r.subject(violation.URN)
		if exception := r.state.config.exceptionFor(policy.Name, subject.URN, subject.Name, subject.Type); exception != nil {
			r.diagnose(policy, EnforcementLevelAdvisory, subject.URN,
				exception.describe()+"\n"+describeSubject(subject)+": "+violation.Message)
			continue
		}
		r.diagnose(policy, level, subject.URN, describeSubject(subject)+": "+violation.Message)
	}

	var unknownReasons []string
	for _, unknown := range findings.Unknowns {
		subject := r.subject(unknown.URN)
		if r.state.config.exceptionFor(policy.Name, subject.URN, subject.Name, subject.Type) != nil {
			continue
		}
		switch {
		case r.state.dryRun && level == EnforcementLevelMandatory:
			r.diagnose(policy, EnforcementLevelAdvisory, subject.URN, fmt.Sprintf(
				"%s: cannot check %s yet: the value is unknown until the resource is created.",
				describeSubject(subject), unknown.Property))
		case r.state.dryRun:
			unknownReasons = append(unknownReasons, fmt.Sprintf("cannot check %s of %s yet: the value is unknown "+
				"until the resource is created", unknown.Property, describeSubject(subject)))
		default:
			r.diagnose(policy, level, subject.URN, fmt.Sprintf("%s: cannot check %s: the value is still unknown "+
				"during the update, so the policy fails closed.", describeSubject(subject), unknown.Property))
		}
	}

	if err != nil {
		r.fail(policy, subjectURN, err)
	}
	if len(r.diagnostics) == reported && len(unknownReasons) > 0 {
		r.skip(policy, strings.Join(unknownReasons, "; "))
	}
}

// fail reports a policy that returned an error or panicked as a mandatory violation, so that a broken
// policy never passes silently. Exceptions do not apply to it.
func (r *results) fail(policy *Policy, subjectURN string, err error) {
	target, unchecked := "the stack", "the stack"
	if subjectURN != "" {
		target, unchecked = describeSubject(r.subject(subjectURN)), "the resource"
	}
	attributes := []any{"policy", policy.Name, "urn", subjectURN, "error", err.Error()}
	var panicErr *PanicError
	if errors.As(err, &panicErr) {
		attributes = append(attributes, "stack", string(panicErr.Stack))
	}
	r.server.logger.Error("policy failed", attributes...)

	fix := "Fix the policy."
	if policy.Waivable {
		fix = "Fix the policy, or disable it in the pack config."
	}
	r.diagnose(policy, EnforcementLevelMandatory, subjectURN, fmt.Sprintf(
		"policy %s failed on %s, so %s was not checked: %v. %s", policy.Name, target, unchecked, err, fix))
}

// skip reports a policy that did not judge the resource, so that the engine does not count it as
// passed.
func (r *results) skip(policy *Policy, reason string) {
	r.notApplicable = append(r.notApplicable, &pulumirpc.PolicyNotApplicable{PolicyName: policy.Name, Reason: reason})
}

func (r *results) diagnose(policy *Policy, level EnforcementLevel, urn, message string) {
	pack := r.server.pack
	r.diagnostics = append(r.diagnostics, &pulumirpc.AnalyzeDiagnostic{
		PolicyName:        policy.Name,
		PolicyPackName:    pack.Name(),
		PolicyPackVersion: pack.Version(),
		Description:       policy.Description,
		Message:           policy.Description + "\n" + message,
		EnforcementLevel:  level.proto(),
		Urn:               urn,
		Severity:          policy.Severity.proto(),
	})
}

// subject returns the resource with the given URN, or one built from the URN when the request did
// not carry it.
func (r *results) subject(urn string) Resource {
	if subject, ok := r.subjects[urn]; ok {
		return subject
	}
	parsed, err := resource.ParseURN(urn)
	if err != nil {
		return Resource{URN: urn, Name: urn}
	}
	return Resource{URN: urn, Name: parsed.Name(), Type: string(parsed.Type())}
}

func (r *results) response() *pulumirpc.AnalyzeResponse {
	return &pulumirpc.AnalyzeResponse{Diagnostics: r.diagnostics, NotApplicable: r.notApplicable}
}

// describeSubject names a resource at the start of a violation message, as in
// `aws:kms/key:Key "user-files"`.
func describeSubject(subject Resource) string {
	if subject.URN == "" {
		return "the stack"
	}
	if subject.Type == "" {
		return fmt.Sprintf("resource %q", subject.Name)
	}
	return fmt.Sprintf("%s %q", subject.Type, subject.Name)
}
