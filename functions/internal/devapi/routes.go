package devapi

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/secureserverless/framework/functions/internal/fileapi"
)

// FileAPIRoutes returns the routes of fileapi.Routes with the handler of each route's function from handlers,
// keyed by the fileapi Function constants. It fails when a function has no handler.
func FileAPIRoutes(handlers map[string]fileapi.Handler) ([]Route, error) {
	routes := make([]Route, 0, len(fileapi.Routes))
	for _, route := range fileapi.Routes {
		handler, ok := handlers[route.Function]
		if !ok {
			return nil, fmt.Errorf("building routes: no handler for function %q of %s %s", route.Function, route.Method, route.Resource)
		}
		routes = append(routes, Route{Method: route.Method, Resource: route.Resource, Handler: handler})
	}
	return routes, nil
}

// EventHandler handles an S3 event notification, as the validate function's Handle does.
type EventHandler func(ctx context.Context, event json.RawMessage) error

// ObjectLister lists objects. *s3.Client implements it.
type ObjectLister interface {
	ListObjectsV2(ctx context.Context, params *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
}

// PollUploads replaces S3 event notifications on a developer's machine. Every interval until ctx ends, it
// lists the objects under prefix and passes each to handle as an S3 event notification. versitygw v1.8.0 can
// send notifications to a webhook, but for form uploads it sends them with an empty object key. Because the
// validation is idempotent, handling an upload again on the next poll does no harm. A failed upload is
// retried on every poll, where Lambda would retry twice and then use the dead-letter queue.
func PollUploads(ctx context.Context, client ObjectLister, bucket, prefix string, interval time.Duration,
	handle EventHandler, logger *slog.Logger) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}

		output, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
		if err != nil {
			if ctx.Err() == nil {
				logger.Error("listing uploads failed", "error", err.Error())
			}
			continue
		}
		for _, object := range output.Contents {
			event := objectCreatedEvent(bucket, aws.ToString(object.Key))
			if err := handle(ctx, event); err != nil {
				logger.Warn("upload not processed; retrying on the next poll", "error", err.Error())
			}
		}
	}
}

// objectCreatedEvent returns an S3 event notification for a new object, with the key URL-encoded as S3 sends
// it.
func objectCreatedEvent(bucket, key string) json.RawMessage {
	event := map[string]any{"Records": []any{map[string]any{
		"eventSource": "aws:s3",
		"eventName":   "ObjectCreated:Post",
		"s3": map[string]any{
			"bucket": map[string]any{"name": bucket},
			"object": map[string]any{"key": url.QueryEscape(key)},
		},
	}}}
	// event holds only maps, slices and strings, which json.Marshal always encodes.
	encoded, _ := json.Marshal(event)
	return encoded
}
