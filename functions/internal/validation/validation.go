// Package validation checks every upload that lands under the quarantine prefix and then promotes it under
// the files prefix or moves it under the rejected prefix with the reason.
//
// The checks cover the size, which must not be zero and must be within the declared size and the configured
// maximum, and the declared content type, which must be on the allow-list. They also read the first bytes of
// the content, which must carry the signature of the declared type and must not start an executable. With GuardDuty Malware Protection on, a file is promoted only
// after a scan result that finds no threats; with it off, right after the checks.
//
// Processing is idempotent, so a retried or duplicated event neither copies a file twice nor loses it. A copy
// records the ETag of its source, and a retry that finds the copy in place only removes the source. An event
// for an upload that is gone finds it under the files or rejected prefix.
package validation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/logging"
)

// ScanStatusTag is the object tag in which GuardDuty Malware Protection for S3 writes the scan result.
const ScanStatusTag = "GuardDutyMalwareScanStatus"

// S3API is the part of the S3 client that the validator uses.
type S3API interface {
	HeadObject(ctx context.Context, params *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	GetObject(ctx context.Context, params *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	GetObjectTagging(ctx context.Context, params *s3.GetObjectTaggingInput, optFns ...func(*s3.Options)) (*s3.GetObjectTaggingOutput, error)
	CopyObject(ctx context.Context, params *s3.CopyObjectInput, optFns ...func(*s3.Options)) (*s3.CopyObjectOutput, error)
	DeleteObject(ctx context.Context, params *s3.DeleteObjectInput, optFns ...func(*s3.Options)) (*s3.DeleteObjectOutput, error)
}

// Config configures a Validator.
type Config struct {
	Bucket string
	Layout files.Layout
	// AllowedTypes are the content types an upload may have.
	AllowedTypes []string
	// MaxUploadBytes is the largest upload accepted, whatever size was declared.
	MaxUploadBytes int64
	// ScanningEnabled makes promotion wait for a GuardDuty scan result that finds no threats.
	ScanningEnabled bool
}

// Outcome is the result of processing an event for an upload.
type Outcome string

// Outcomes of processing.
const (
	OutcomePromoted     Outcome = "promoted"
	OutcomeRejected     Outcome = "rejected"
	OutcomeAwaitingScan Outcome = "awaiting-scan"
	// OutcomeAlreadyDone means an earlier event already promoted or rejected the upload.
	OutcomeAlreadyDone Outcome = "already-done"
	// OutcomeGone means the upload no longer exists anywhere, for example because its owner erased it.
	OutcomeGone Outcome = "gone"
	// OutcomeIgnored means the object is not an upload of this bucket's quarantine prefix.
	OutcomeIgnored Outcome = "ignored"
)

// Validator processes upload and scan-result events.
type Validator struct {
	cfg    Config
	client S3API
	logger *slog.Logger
}

// New returns a Validator. A nil logger discards log lines.
func New(cfg Config, client S3API, logger *slog.Logger) *Validator {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Validator{cfg: cfg, client: client, logger: logger}
}

// Handle is the Lambda entry point. It accepts an S3 event notification, an S3 "Object Created" event from
// EventBridge or a GuardDuty scan result. It returns an error when any object of the event could not be
// processed, so that Lambda retries the event and, after the last retry, sends it to the dead-letter queue.
func (v *Validator) Handle(ctx context.Context, event json.RawMessage) error {
	logger := logging.ForInvocation(ctx, v.logger)
	parsed, err := parseEvent(event)
	if err != nil {
		logger.Error("event not processed", logging.KeyError, err.Error())
		return err
	}
	if parsed.ignored {
		logger.Info("event needs no processing")
		return nil
	}

	if parsed.scan != nil {
		_, err := v.ProcessScanResult(ctx, logger, *parsed.scan)
		return err
	}
	var errs []error
	for _, object := range parsed.objects {
		if _, err := v.ProcessUpload(ctx, logger, object); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ProcessUpload checks a new upload. It rejects an upload that fails a check; one that passes is promoted, or
// left for the scan result when scanning is on.
func (v *Validator) ProcessUpload(ctx context.Context, logger *slog.Logger, event objectEvent) (Outcome, error) {
	return v.process(ctx, logger, event, nil)
}

// ProcessScanResult acts on a GuardDuty scan result: it rejects the upload when the scan found threats or
// could not finish, and otherwise runs the checks of ProcessUpload and promotes the upload when they pass.
func (v *Validator) ProcessScanResult(ctx context.Context, logger *slog.Logger, event scanEvent) (Outcome, error) {
	return v.process(ctx, logger, event.objectEvent, &event)
}

func (v *Validator) process(ctx context.Context, logger *slog.Logger, event objectEvent, scan *scanEvent) (Outcome, error) {
	start := time.Now()
	ref, err := v.cfg.Layout.Parse(event.Key)
	if err != nil || ref.Area != files.AreaQuarantine || event.Bucket != v.cfg.Bucket {
		logger.Info("object is not an upload", "bucket", event.Bucket, "key", event.Key)
		return OutcomeIgnored, nil
	}
	logger = logger.With(logging.KeyFileID, ref.ID, logging.KeyOwner, ref.Owner)

	outcome, reason, err := v.decide(ctx, ref, event, scan)
	attrs := []any{"outcome", outcome, logging.KeyDurationMS, time.Since(start).Milliseconds()}
	if reason != nil {
		attrs = append(attrs, "reasonCode", reason.Code, "reason", reason.Reason)
	}
	if err != nil {
		attrs = append(attrs, logging.KeyError, err.Error())
		logger.Error("upload processing failed", attrs...)
		return outcome, fmt.Errorf("processing upload %s: %w", event.Key, err)
	}
	logger.Info("upload processed", attrs...)
	return outcome, nil
}

// decide runs the checks and moves the upload.
func (v *Validator) decide(ctx context.Context, ref files.Ref, event objectEvent, scan *scanEvent) (Outcome, *files.Rejection, error) {
	key := ref.Key(v.cfg.Layout)
	head, err := v.client.HeadObject(ctx, &s3.HeadObjectInput{
		Bucket:    aws.String(v.cfg.Bucket),
		Key:       aws.String(key),
		VersionId: optional(event.VersionID),
	})
	if awsclient.IsNotFound(err) {
		outcome, err := v.settled(ctx, ref)
		return outcome, nil, err
	}
	if err != nil {
		return "", nil, fmt.Errorf("reading metadata of %s: %w", key, err)
	}
	if event.ETag != "" && !sameETag(event.ETag, aws.ToString(head.ETag)) {
		// A newer upload replaced the object, and its own event will process it.
		return OutcomeAlreadyDone, nil, nil
	}

	if scan != nil {
		if rejection := scanRejection(*scan); rejection != nil {
			return OutcomeRejected, rejection, v.move(ctx, ref, head, files.AreaRejected, rejection)
		}
	}

	rejection, err := v.check(ctx, ref, head)
	if err != nil {
		return "", nil, err
	}
	if rejection != nil {
		return OutcomeRejected, rejection, v.move(ctx, ref, head, files.AreaRejected, rejection)
	}

	if v.cfg.ScanningEnabled {
		if scan == nil {
			return OutcomeAwaitingScan, nil, nil
		}
		// The bucket policy lets readers read only objects tagged clean, and the copy takes its tags from
		// the upload, so the tag must be on the upload before the copy.
		if err := v.requireCleanTag(ctx, key, head.VersionId); err != nil {
			return "", nil, err
		}
	}
	return OutcomePromoted, nil, v.move(ctx, ref, head, files.AreaFiles, nil)
}

// scanRejection returns the rejection for a scan result that did not find the object clean.
func scanRejection(scan scanEvent) *files.Rejection {
	switch scan.Status {
	case ScanNoThreatsFound:
		return nil
	case ScanThreatsFound:
		threats := "unnamed threats"
		if len(scan.Threats) > 0 {
			threats = strings.Join(scan.Threats, ", ")
		}
		return files.Reject(files.RejectMalware, "the malware scan found %s", threats)
	default:
		return files.Reject(files.RejectScanFailed, "the malware scan ended with status %s", scan.Status)
	}
}

// check runs the size, type and content checks on an upload.
func (v *Validator) check(ctx context.Context, ref files.Ref, head *s3.HeadObjectOutput) (*files.Rejection, error) {
	size := aws.ToInt64(head.ContentLength)
	if size == 0 {
		return files.Reject(files.RejectEmpty, "the file is empty"), nil
	}
	metadata, err := files.ParseMetadata(head.Metadata)
	if err != nil || metadata.Owner != ref.Owner {
		return files.Reject(files.RejectInvalidUpload, "the upload does not carry the metadata of an upload form"), nil
	}
	if size > metadata.DeclaredSize || size > v.cfg.MaxUploadBytes {
		return files.Reject(files.RejectTooLarge, "the file has %d bytes, more than the declared %d or the maximum %d",
			size, metadata.DeclaredSize, v.cfg.MaxUploadBytes), nil
	}
	contentType, err := files.NormalizeContentType(aws.ToString(head.ContentType))
	if err != nil || !slices.Contains(v.cfg.AllowedTypes, contentType) {
		return files.Reject(files.RejectTypeNotAllowed, "the content type %q is not allowed", aws.ToString(head.ContentType)), nil
	}

	sniffed, err := v.readHead(ctx, ref.Key(v.cfg.Layout), head)
	if err != nil {
		return nil, err
	}
	return files.CheckContent(contentType, sniffed, size <= int64(len(sniffed))), nil
}

// readHead reads the first files.SniffBytes bytes of the upload version that head describes.
func (v *Validator) readHead(ctx context.Context, key string, head *s3.HeadObjectOutput) ([]byte, error) {
	output, err := v.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket:    aws.String(v.cfg.Bucket),
		Key:       aws.String(key),
		VersionId: head.VersionId,
		IfMatch:   head.ETag,
		Range:     aws.String(fmt.Sprintf("bytes=0-%d", files.SniffBytes-1)),
	})
	if err != nil {
		return nil, fmt.Errorf("reading the start of %s: %w", key, err)
	}
	defer output.Body.Close()

	sniffed, err := io.ReadAll(io.LimitReader(output.Body, files.SniffBytes))
	if err != nil {
		return nil, fmt.Errorf("reading the start of %s: %w", key, err)
	}
	return sniffed, nil
}

// errNotScannedClean means a scan result reported the upload clean but the upload does not carry the clean
// tag yet. The invocation fails and Lambda retries it.
var errNotScannedClean = errors.New("upload is not tagged as scanned clean")

func (v *Validator) requireCleanTag(ctx context.Context, key string, versionID *string) error {
	output, err := v.client.GetObjectTagging(ctx, &s3.GetObjectTaggingInput{
		Bucket:    aws.String(v.cfg.Bucket),
		Key:       aws.String(key),
		VersionId: versionID,
	})
	if err != nil {
		return fmt.Errorf("reading tags of %s: %w", key, err)
	}
	for _, tag := range output.TagSet {
		if aws.ToString(tag.Key) == ScanStatusTag && aws.ToString(tag.Value) == ScanNoThreatsFound {
			return nil
		}
	}
	return fmt.Errorf("%w: %s has no tag %s=%s", errNotScannedClean, key, ScanStatusTag, ScanNoThreatsFound)
}

// move copies the upload that head describes to area with its metadata, the source ETag and, for a
// rejection, the reason, and then deletes the upload version. A copy that a previous attempt made is found by
// its source ETag and not repeated.
func (v *Validator) move(ctx context.Context, ref files.Ref, head *s3.HeadObjectOutput, area files.Area, rejection *files.Rejection) error {
	source := ref.Key(v.cfg.Layout)
	destination := files.Ref{Area: area, Owner: ref.Owner, ID: ref.ID}.Key(v.cfg.Layout)
	sourceETag := aws.ToString(head.ETag)

	copied, err := v.copiedFrom(ctx, destination, sourceETag)
	if err != nil {
		return err
	}
	if !copied {
		if err := v.copy(ctx, ref, destination, head, rejection); err != nil {
			return err
		}
	}

	_, err = v.client.DeleteObject(ctx, &s3.DeleteObjectInput{
		Bucket:    aws.String(v.cfg.Bucket),
		Key:       aws.String(source),
		VersionId: head.VersionId,
	})
	if err != nil {
		return fmt.Errorf("deleting %s after copying it to %s: %w", source, destination, err)
	}
	return nil
}

// copiedFrom reports whether destination exists as a copy of the upload with sourceETag.
func (v *Validator) copiedFrom(ctx context.Context, destination, sourceETag string) (bool, error) {
	output, err := v.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(v.cfg.Bucket), Key: aws.String(destination)})
	if awsclient.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reading metadata of %s: %w", destination, err)
	}
	metadata, err := files.ParseMetadata(output.Metadata)
	return err == nil && sameETag(metadata.SourceETag, sourceETag), nil
}

// unknownName is the name of a rejected upload whose metadata did not name it.
const unknownName = "unnamed upload"

func (v *Validator) copy(ctx context.Context, ref files.Ref, destination string, head *s3.HeadObjectOutput,
	rejection *files.Rejection) error {
	source := ref.Key(v.cfg.Layout)
	metadata, err := files.ParseMetadata(head.Metadata)
	if err != nil {
		// Only a rejected upload can lack valid metadata. It gets metadata from its key, so that admins can
		// list it.
		metadata = files.Metadata{Owner: ref.Owner, Name: unknownName, DeclaredSize: max(1, aws.ToInt64(head.ContentLength))}
	}
	metadata.SourceETag = aws.ToString(head.ETag)
	if rejection != nil {
		metadata.RejectCode = rejection.Code
		metadata.RejectReason = rejection.Reason
	}

	copySource := v.cfg.Bucket + "/" + escapeKey(source)
	if versionID := aws.ToString(head.VersionId); versionID != "" {
		copySource += "?versionId=" + url.QueryEscape(versionID)
	}
	_, err = v.client.CopyObject(ctx, &s3.CopyObjectInput{
		Bucket:            aws.String(v.cfg.Bucket),
		Key:               aws.String(destination),
		CopySource:        aws.String(copySource),
		CopySourceIfMatch: head.ETag,
		ContentType:       head.ContentType,
		Metadata:          metadata.UserMetadata(),
		MetadataDirective: s3types.MetadataDirectiveReplace,
		TaggingDirective:  s3types.TaggingDirectiveCopy,
	})
	if awsclient.IsPreconditionFailed(err) {
		return fmt.Errorf("copying %s to %s: the upload changed since it was checked, so the next attempt checks it again: %w",
			source, destination, err)
	}
	if err != nil {
		return fmt.Errorf("copying %s to %s: %w", source, destination, err)
	}
	return nil
}

// settled returns the outcome for an event whose upload no longer exists: already done when a promoted or
// rejected copy exists, gone otherwise.
func (v *Validator) settled(ctx context.Context, ref files.Ref) (Outcome, error) {
	for _, area := range []files.Area{files.AreaFiles, files.AreaRejected} {
		key := files.Ref{Area: area, Owner: ref.Owner, ID: ref.ID}.Key(v.cfg.Layout)
		_, err := v.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(v.cfg.Bucket), Key: aws.String(key)})
		if err == nil {
			return OutcomeAlreadyDone, nil
		}
		if !awsclient.IsNotFound(err) {
			return "", fmt.Errorf("reading metadata of %s: %w", key, err)
		}
	}
	return OutcomeGone, nil
}

// escapeKey URL-encodes each segment of key for the CopySource header.
func escapeKey(key string) string {
	segments := strings.Split(key, "/")
	for i, segment := range segments {
		segments[i] = url.PathEscape(segment)
	}
	return strings.Join(segments, "/")
}

func optional(value string) *string {
	if value == "" {
		return nil
	}
	return aws.String(value)
}
