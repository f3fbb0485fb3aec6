package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/secureserverless/framework/functions/internal/logging"
	"github.com/secureserverless/framework/functions/internal/rotation"
)

// Names of the environment variables.
const (
	envDistributionID  = "DISTRIBUTION_ID"
	envOriginID        = "ORIGIN_ID"
	envHeaderName      = "HEADER_NAME"
	envPatternSetName  = "PATTERN_SET_NAME"
	envPatternSetID    = "PATTERN_SET_ID"
	envPatternSetScope = "PATTERN_SET_SCOPE"
	envWAFPropagation  = "WAF_PROPAGATION_SECONDS"
)

// maxWAFPropagation keeps setSecret's wait well inside the 15 minutes that a Lambda function may run.
const maxWAFPropagation = 10 * time.Minute

// httpHeaderName matches the lowercase header names that CloudFront accepts as origin custom headers.
var httpHeaderName = regexp.MustCompile("^[a-z0-9!#$%&'*+.^_`|~-]+$")

// settings are the function's configuration from its environment.
type settings struct {
	distributionID, originID, headerName string
	patternSetName, patternSetID         string
	patternSetScope                      waftypes.Scope
	wafPropagation                       time.Duration
}

// loadSettings reads the settings through getenv and reports every missing or invalid variable at once.
func loadSettings(getenv func(string) string) (settings, error) {
	s := settings{
		distributionID:  getenv(envDistributionID),
		originID:        getenv(envOriginID),
		headerName:      getenv(envHeaderName),
		patternSetName:  getenv(envPatternSetName),
		patternSetID:    getenv(envPatternSetID),
		patternSetScope: waftypes.Scope(getenv(envPatternSetScope)),
		wafPropagation:  rotation.DefaultWAFPropagation,
	}
	var errs []error
	required := []struct{ name, value string }{
		{envDistributionID, s.distributionID}, {envOriginID, s.originID}, {envHeaderName, s.headerName},
		{envPatternSetName, s.patternSetName}, {envPatternSetID, s.patternSetID},
	}
	for _, variable := range required {
		if variable.value == "" {
			errs = append(errs, fmt.Errorf("%s is missing; the edge component sets it", variable.name))
		}
	}
	if s.headerName != "" && !httpHeaderName.MatchString(s.headerName) {
		errs = append(errs, fmt.Errorf("%s %q is invalid; use a lowercase HTTP header name such as x-origin-verify",
			envHeaderName, s.headerName))
	}
	switch s.patternSetScope {
	case "":
		s.patternSetScope = waftypes.ScopeRegional
	case waftypes.ScopeRegional, waftypes.ScopeCloudfront:
	default:
		errs = append(errs, fmt.Errorf("%s %q is invalid; use REGIONAL or CLOUDFRONT", envPatternSetScope, s.patternSetScope))
	}
	if raw := getenv(envWAFPropagation); raw != "" {
		seconds, err := strconv.Atoi(raw)
		if err != nil || seconds < 1 || time.Duration(seconds)*time.Second > maxWAFPropagation {
			errs = append(errs, fmt.Errorf("%s %q is invalid; use whole seconds from 1 to %d", envWAFPropagation, raw,
				int(maxWAFPropagation.Seconds())))
		} else {
			s.wafPropagation = time.Duration(seconds) * time.Second
		}
	}
	if len(errs) > 0 {
		return s, errors.Join(errs...)
	}
	return s, nil
}

// rotationHandler is the signature that lambda.Start accepts for a rotation event.
type rotationHandler func(context.Context, events.SecretsManagerSecretRotationEvent) error

// newHandler returns the handler that runs one rotation step. It logs the start and the end of each step
// with the secret ARN and the version id, never a value. A returned error makes Secrets Manager mark the
// rotation as failed; the next attempt resumes with the same version id.
func newHandler(rotator *rotation.Rotator, logger *slog.Logger) rotationHandler {
	return func(ctx context.Context, event events.SecretsManagerSecretRotationEvent) error {
		logger := logging.ForInvocation(ctx, logger).With(
			"step", event.Step, "secretArn", event.SecretID, "versionId", event.ClientRequestToken)
		started := time.Now()
		logger.InfoContext(ctx, "rotation step started")

		r := *rotator
		r.Logger = logger
		err := r.Rotate(ctx, rotation.Event{
			Step: event.Step, SecretID: event.SecretID, Token: event.ClientRequestToken,
		})
		if err != nil {
			logger.ErrorContext(ctx, "rotation step failed", logging.KeyError, err.Error(),
				logging.KeyDurationMS, time.Since(started).Milliseconds())
			return fmt.Errorf("rotation step %s of %s: %w", event.Step, event.SecretID, err)
		}
		logger.InfoContext(ctx, "rotation step finished", logging.KeyDurationMS, time.Since(started).Milliseconds())
		return nil
	}
}
