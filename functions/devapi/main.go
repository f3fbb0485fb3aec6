// Command devapi runs the file API on a developer's machine (`make dev`): the same handlers as the Lambda
// functions behind a local API on 127.0.0.1 that verifies bearer tokens like the REST API's Cognito authorizer.
//
// By default it installs (on the first run) and starts versitygw and cognito-local on free ports of
// 127.0.0.1. It creates a versioned bucket and a user pool with three users and prints their ID tokens. It
// runs the upload validation on every new upload, which it finds by listing the quarantine prefix every
// second. All state is temporary and removed on exit.
//
// With -issuer and -jwks-url it trusts another user pool instead and uses the S3 endpoint and AWS
// credentials of the environment (AWS_ENDPOINT_URL_S3 for a local S3 server), with the functions' settings
// from their environment variables (USER_FILES_BUCKET and the others).
//
// It lives under functions/ rather than cmd/, because it calls the handlers in functions/internal, which Go
// lets only packages under functions/ import. It is not a Lambda function and is never deployed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/config"
	"github.com/secureserverless/framework/functions/internal/devapi"
	"github.com/secureserverless/framework/functions/internal/fileapi"
	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/localservices"
	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/validation"
)

// Settings of the local services that devapi starts.
const (
	localBucket    = "user-files-dev"
	localRegion    = "us-east-1"
	localAccessKey = "devapi-root"
	localSecretKey = "devapi-root-secret-not-for-production"
	// localPassword is the password of the seeded users. The user pool runs on 127.0.0.1 only and is deleted
	// on exit.
	localPassword = "Dev-Password-1"
	// pollInterval is how often the quarantine prefix is listed for new uploads.
	pollInterval = time.Second
)

// seededUsers are the users of the local user pool and their groups.
var seededUsers = []struct {
	name   string
	groups []string
}{
	{name: "alice", groups: []string{"user"}},
	{name: "bob", groups: []string{"user"}},
	{name: "carol", groups: []string{"admin", "user"}},
}

// options are the command-line flags.
type options struct {
	addr     string
	issuer   string
	jwksURL  string
	tokenUse string
	clients  string
}

func main() {
	var opts options
	flag.StringVar(&opts.addr, "addr", "127.0.0.1:8080", "listen address of the local API; must be on the loopback interface")
	flag.StringVar(&opts.issuer, "issuer", "", "issuer (iss claim) to trust instead of a local cognito-local pool")
	flag.StringVar(&opts.jwksURL, "jwks-url", "", "JWKS URL of the issuer's signing keys; required with -issuer")
	flag.StringVar(&opts.tokenUse, "token-use", devapi.TokenUseID, "token_use accepted: id or access")
	flag.StringVar(&opts.clients, "client-ids", "", "comma-separated app client ids to accept; empty accepts every client of the pool")
	flag.Parse()

	logger := logging.New(os.Stderr, slog.LevelInfo)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, opts, logger, os.Stdout); err != nil {
		logger.Error("local API stopped", logging.KeyError, err.Error())
		os.Exit(1)
	}
}

// requireLoopback rejects a listen address outside the loopback interface.
func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("parsing listen address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("listen address %q is not on the loopback interface; use 127.0.0.1", addr)
	}
	return nil
}

func run(ctx context.Context, opts options, logger *slog.Logger, out io.Writer) error {
	if err := requireLoopback(opts.addr); err != nil {
		return err
	}
	if (opts.issuer == "") != (opts.jwksURL == "") {
		return errors.New("set -issuer and -jwks-url together, or neither to start local services")
	}

	var stack *localStack
	if opts.issuer == "" {
		var err error
		stack, err = startLocalStack(ctx, logger)
		if stack != nil {
			defer stack.close()
		}
		if err != nil {
			return err
		}
		opts.issuer, opts.jwksURL = stack.pool.Issuer, stack.pool.JWKSURL
	}

	routes, err := buildRoutes(ctx, stack, logger)
	if err != nil {
		return err
	}
	verifier, err := devapi.NewVerifier(ctx, devapi.VerifierConfig{
		Issuer:    opts.issuer,
		JWKSURL:   opts.jwksURL,
		TokenUse:  opts.tokenUse,
		ClientIDs: splitList(opts.clients),
		Logger:    logger,
	})
	if err != nil {
		return err
	}

	listener, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", opts.addr, err)
	}
	server := &http.Server{Handler: devapi.NewServer(routes, devapi.AsTokenVerifier(verifier), logger), ReadHeaderTimeout: 10 * time.Second}
	baseURL := "http://" + listener.Addr().String()
	if stack != nil {
		stack.printGuide(out, baseURL)
	} else {
		fmt.Fprintf(out, "Local API on %s, trusting tokens of %s\n", baseURL, opts.issuer)
	}

	return serveUntilDone(ctx, server, listener)
}

// serveUntilDone serves until ctx ends and then shuts the server down.
func serveUntilDone(ctx context.Context, server *http.Server, listener net.Listener) error {
	errs := make(chan error, 1)
	go func() { errs <- server.Serve(listener) }()
	select {
	case err := <-errs:
		return fmt.Errorf("serving the local API: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return server.Shutdown(shutdownCtx)
}

func splitList(value string) []string {
	var items []string
	for _, item := range strings.Split(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

// buildRoutes builds the handlers of the three functions. With a local stack they use its S3 server;
// otherwise their settings and the S3 client come from the environment, as in Lambda.
func buildRoutes(ctx context.Context, stack *localStack, logger *slog.Logger) ([]devapi.Route, error) {
	env := config.FromEnvironment()
	if stack != nil {
		env = config.New(config.MapLookup(map[string]string{
			fileapi.EnvBucket: localBucket,
			fileapi.EnvRegion: localRegion,
		}))
	}
	uploadCfg := fileapi.LoadUploadConfig(env)
	readCfg := fileapi.LoadReadConfig(env)
	region := fileapi.LoadBucketRegion(env)
	if err := env.Err(); err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}

	client := stackClient(stack)
	if client == nil {
		awsConfig, err := awsclient.LoadConfig(ctx, awsclient.Options{Region: region})
		if err != nil {
			return nil, err
		}
		client = awsclient.NewS3(awsConfig, awsclient.S3Options{BucketRegion: region, UsePathStyle: os.Getenv("AWS_ENDPOINT_URL_S3") != ""})
	}

	presigner := s3.NewPresignClient(client)
	deps := fileapi.Deps{Logger: logger}
	return devapi.FileAPIRoutes(map[string]fileapi.Handler{
		fileapi.FunctionUploads:    fileapi.NewUploadsHandler(uploadCfg, presigner, client.Options().Credentials, deps),
		fileapi.FunctionFiles:      fileapi.NewFilesHandler(readCfg, client, presigner, client.Options().Credentials, deps),
		fileapi.FunctionQuarantine: fileapi.NewQuarantineHandler(uploadCfg.Settings, client, deps),
	})
}

func stackClient(stack *localStack) *s3.Client {
	if stack == nil {
		return nil
	}
	return stack.s3
}

// localStack is the set of local services that devapi started.
type localStack struct {
	dir       string
	s3Server  *localservices.Process
	cognito   *localservices.Process
	stopPoll  context.CancelFunc
	s3        *s3.Client
	pool      *localservices.UserPool
	tokens    map[string]string
	subjects  map[string]string
	validator *validation.Validator
}

// startLocalStack installs and starts versitygw and cognito-local, the event receiver that runs the
// validation, the bucket and the user pool. It returns what it started so far together with an error, so the
// caller can stop it.
func startLocalStack(ctx context.Context, logger *slog.Logger) (*localStack, error) {
	cacheDir, err := localservices.CacheDir()
	if err != nil {
		return nil, err
	}
	logger.Info("installing local services when missing", "cacheDir", cacheDir)
	versitygw, err := localservices.EnsureVersityGW(ctx, cacheDir)
	if err != nil {
		return nil, fmt.Errorf("installing versitygw (%s): %w", localservices.VersityGWInstallCommand(), err)
	}
	cognitoLocal, err := localservices.EnsureCognitoLocal(ctx, cacheDir)
	if err != nil {
		return nil, fmt.Errorf("installing cognito-local (%s): %w", localservices.CognitoLocalInstallCommand(), err)
	}

	dir, err := os.MkdirTemp("", "devapi-")
	if err != nil {
		return nil, fmt.Errorf("creating the state folder: %w", err)
	}
	stack := &localStack{dir: dir, tokens: map[string]string{}, subjects: map[string]string{}}

	stack.s3Server, err = localservices.StartVersityGW(ctx, localservices.VersityGWOptions{
		Binary: versitygw, Dir: filepath.Join(dir, "s3"), AccessKey: localAccessKey, SecretKey: localSecretKey, Region: localRegion,
	})
	if err != nil {
		return stack, err
	}
	if err := stack.createBucket(ctx); err != nil {
		return stack, err
	}

	layout := files.DefaultLayout()
	stack.validator = validation.New(validation.Config{
		Bucket:         localBucket,
		Layout:         layout,
		AllowedTypes:   fileapi.DefaultAllowedTypes,
		MaxUploadBytes: fileapi.DefaultMaxUploadBytes,
	}, stack.s3, logger)
	pollCtx, stopPoll := context.WithCancel(context.Background())
	stack.stopPoll = stopPoll
	go devapi.PollUploads(pollCtx, stack.s3, localBucket, layout.QuarantinePrefix, pollInterval, stack.validator.Handle, logger)

	stack.cognito, err = localservices.StartCognitoLocal(ctx, cognitoLocal, dir)
	if err != nil {
		return stack, err
	}
	if err := stack.seedUsers(ctx); err != nil {
		return stack, err
	}
	return stack, nil
}

func (s *localStack) createBucket(ctx context.Context) error {
	cfg, err := awsclient.LoadConfig(ctx, awsclient.Options{
		Region:      localRegion,
		Endpoint:    s.s3Server.URL,
		Credentials: credentials.NewStaticCredentialsProvider(localAccessKey, localSecretKey, ""),
	})
	if err != nil {
		return err
	}
	s.s3 = awsclient.NewS3(cfg, awsclient.S3Options{UsePathStyle: true})
	if _, err := s.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(localBucket)}); err != nil {
		return fmt.Errorf("creating bucket %s: %w", localBucket, err)
	}
	_, err = s.s3.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
		Bucket:                  aws.String(localBucket),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled},
	})
	if err != nil {
		return fmt.Errorf("turning on versioning of bucket %s: %w", localBucket, err)
	}
	return nil
}

func (s *localStack) seedUsers(ctx context.Context) error {
	pool, err := localservices.CreateUserPool(ctx, s.cognito.URL, "dev")
	if err != nil {
		return err
	}
	s.pool = pool
	for _, seeded := range seededUsers {
		sub, err := pool.CreateUser(ctx, seeded.name, localPassword, seeded.groups...)
		if err != nil {
			return err
		}
		tokens, err := pool.SignIn(ctx, seeded.name, localPassword)
		if err != nil {
			return err
		}
		s.subjects[seeded.name] = sub
		s.tokens[seeded.name] = tokens.IDToken
	}
	return nil
}

// printGuide prints where the API listens and the users with their tokens.
func (s *localStack) printGuide(out io.Writer, baseURL string) {
	fmt.Fprintf(out, "Local API on %s (stop with Ctrl-C; all data is removed on exit)\n", baseURL)
	fmt.Fprintf(out, "S3 (versitygw) on %s, Cognito (cognito-local) on %s, user pool %s\n\n", s.s3Server.URL, s.cognito.URL, s.pool.ID)
	for _, seeded := range seededUsers {
		fmt.Fprintf(out, "%s (groups: %s, password %s, sub %s)\nexport TOKEN_%s=%s\n\n",
			seeded.name, strings.Join(seeded.groups, ","), localPassword, s.subjects[seeded.name],
			strings.ToUpper(seeded.name), s.tokens[seeded.name])
	}
	fmt.Fprintf(out, "The ID tokens expire after 24 hours. Try:\n")
	fmt.Fprintf(out, "  curl -s -H \"Authorization: Bearer $TOKEN_ALICE\" -H 'Content-Type: application/json' \\\n")
	fmt.Fprintf(out, "    -d '{\"name\": \"notes.txt\", \"contentType\": \"text/plain\", \"size\": 12}' %s/uploads\n", baseURL)
	fmt.Fprintf(out, "  curl -s -H \"Authorization: Bearer $TOKEN_ALICE\" %s/files\n", baseURL)
}

// close stops the services by process id and removes the state folder.
func (s *localStack) close() {
	if s.stopPoll != nil {
		s.stopPoll()
	}
	for _, process := range []*localservices.Process{s.cognito, s.s3Server} {
		if process != nil {
			_ = process.Stop()
		}
	}
	_ = os.RemoveAll(s.dir)
}
