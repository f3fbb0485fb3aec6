package fileapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/secureserverless/framework/functions/internal/httpapi"
)

// expiryParameter is the name of the request field and query parameter that requests a URL lifetime.
const expiryParameter = "expiresInSeconds"

// resolveExpiry returns the lifetime of a presigned URL: requestedSeconds, or limits.Default when it is 0,
// shortened to the remaining lifetime of the credentials that sign the URL, because S3 rejects a URL once its
// signing credentials have expired. A request above limits.Max is rejected with the cap in the message.
//
// NOTE: in Lambda the SDK reads the role credentials from environment variables, which carry no expiry, so
// only the configured cap bounds the URL there. Lambda renews those credentials before they expire.
func resolveExpiry(ctx context.Context, requestedSeconds int64, limits ExpiryLimits,
	credentials aws.CredentialsProvider, now time.Time) (time.Duration, error) {
	expiry := limits.Default
	switch {
	case requestedSeconds < 0:
		return 0, httpapi.NewClientError(http.StatusBadRequest, CodeInvalidParameter,
			"%s must be a positive number of seconds, got %d.", expiryParameter, requestedSeconds)
	case requestedSeconds > int64(limits.Max/time.Second):
		return 0, httpapi.NewClientError(http.StatusBadRequest, CodeExpiryTooLong,
			"%s %d is more than the maximum of %d seconds.", expiryParameter, requestedSeconds, int64(limits.Max/time.Second))
	case requestedSeconds > 0:
		expiry = time.Duration(requestedSeconds) * time.Second
	}

	if credentials == nil {
		return expiry, nil
	}
	creds, err := credentials.Retrieve(ctx)
	if err != nil {
		return 0, fmt.Errorf("retrieving signing credentials: %w", err)
	}
	if creds.CanExpire {
		remaining := creds.Expires.Sub(now).Truncate(time.Second)
		if remaining < time.Second {
			return 0, fmt.Errorf("signing credentials expire at %s, before a URL could be used", creds.Expires.Format(time.RFC3339))
		}
		expiry = min(expiry, remaining)
	}
	return expiry, nil
}

// parseExpiryQuery reads the expiresInSeconds query parameter, 0 when absent.
func parseExpiryQuery(c *call) (int64, error) {
	value, err := c.query(expiryParameter)
	if err != nil || value == "" {
		return 0, err
	}
	seconds, err := strconv.ParseInt(value, 10, 64)
	if err != nil || seconds < 1 {
		return 0, httpapi.NewClientError(http.StatusBadRequest, CodeInvalidParameter,
			"%s must be a positive whole number of seconds, got %q.", expiryParameter, value)
	}
	return seconds, nil
}
