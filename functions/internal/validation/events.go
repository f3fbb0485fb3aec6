package validation

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Detail types and sources of the EventBridge events the validator handles.
const (
	// DetailTypeObjectCreated is the detail-type of S3's events on EventBridge for a new object.
	DetailTypeObjectCreated = "Object Created"
	// DetailTypeScanResult is the detail-type of GuardDuty Malware Protection for S3's scan results.
	DetailTypeScanResult = "GuardDuty Malware Protection Object Scan Result"
	sourceS3             = "aws.s3"
	sourceGuardDuty      = "aws.guardduty"
)

// GuardDuty scan result statuses; see the GuardDuty User Guide, "S3 object potential scan status and result
// status".
const (
	ScanNoThreatsFound = "NO_THREATS_FOUND"
	ScanThreatsFound   = "THREATS_FOUND"
)

// ErrUnsupportedEvent means the validator was invoked with an event it does not handle, which points to a
// wrong trigger. The invocation fails so that the event reaches the dead-letter queue.
var ErrUnsupportedEvent = errors.New("unsupported event")

// objectEvent is a new object: a record of an S3 event notification or an S3 "Object Created" event from
// EventBridge.
type objectEvent struct {
	Bucket    string
	Key       string
	VersionID string
	ETag      string
}

// scanEvent is a GuardDuty Malware Protection scan result for one object version.
type scanEvent struct {
	objectEvent
	Status  string
	Threats []string
}

// parsedEvent is an invocation's event: the objects it announces, or one scan result.
type parsedEvent struct {
	objects []objectEvent
	scan    *scanEvent
	// ignored is true for an event that needs no work, such as the test event S3 sends when notifications are
	// configured.
	ignored bool
}

// envelope has the fields that tell the event shapes apart.
type envelope struct {
	Records    []notificationRecord `json:"Records"`
	Event      string               `json:"Event"`
	Source     string               `json:"source"`
	DetailType string               `json:"detail-type"`
	Detail     json.RawMessage      `json:"detail"`
}

// notificationRecord is the part of an S3 event notification record that the validator reads. It leaves out
// the time fields of events.S3EventRecord, which fail to decode when a local S3 server sends them empty.
type notificationRecord struct {
	EventName string `json:"eventName"`
	S3        struct {
		Bucket struct {
			Name string `json:"name"`
		} `json:"bucket"`
		Object struct {
			Key       string `json:"key"`
			ETag      string `json:"eTag"`
			VersionID string `json:"versionId"`
		} `json:"object"`
	} `json:"s3"`
}

// s3EventBridgeDetail is the detail of an S3 "Object Created" event on EventBridge.
type s3EventBridgeDetail struct {
	Bucket struct {
		Name string `json:"name"`
	} `json:"bucket"`
	Object struct {
		Key       string `json:"key"`
		ETag      string `json:"etag"`
		VersionID string `json:"version-id"`
	} `json:"object"`
}

// scanResultDetail is the detail of a GuardDuty Malware Protection scan result.
type scanResultDetail struct {
	S3ObjectDetails struct {
		BucketName string `json:"bucketName"`
		ObjectKey  string `json:"objectKey"`
		ETag       string `json:"eTag"`
		VersionID  string `json:"versionId"`
	} `json:"s3ObjectDetails"`
	ScanResultDetails struct {
		ScanResultStatus string `json:"scanResultStatus"`
		Threats          []struct {
			Name string `json:"name"`
		} `json:"threats"`
	} `json:"scanResultDetails"`
}

// parseEvent reads an S3 event notification, an S3 event from EventBridge or a GuardDuty scan result.
//
// S3 event notifications URL-encode object keys ("a b" becomes "a+b"), so their keys are decoded. The keys
// of EventBridge events are used as they are.
func parseEvent(raw []byte) (parsedEvent, error) {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return parsedEvent{}, fmt.Errorf("%w: decoding event: %w", ErrUnsupportedEvent, err)
	}

	switch {
	case len(env.Records) > 0:
		return parseNotification(env.Records)
	case env.Event == "s3:TestEvent":
		return parsedEvent{ignored: true}, nil
	case env.Source == sourceS3 && env.DetailType == DetailTypeObjectCreated:
		var detail s3EventBridgeDetail
		if err := json.Unmarshal(env.Detail, &detail); err != nil {
			return parsedEvent{}, fmt.Errorf("%w: decoding %q detail: %w", ErrUnsupportedEvent, env.DetailType, err)
		}
		object := objectEvent{
			Bucket:    detail.Bucket.Name,
			Key:       detail.Object.Key,
			VersionID: detail.Object.VersionID,
			ETag:      detail.Object.ETag,
		}
		return parsedEvent{objects: []objectEvent{object}}, nil
	case env.Source == sourceGuardDuty && env.DetailType == DetailTypeScanResult:
		return parseScanResult(env)
	default:
		return parsedEvent{}, fmt.Errorf("%w: source %q, detail-type %q", ErrUnsupportedEvent, env.Source, env.DetailType)
	}
}

func parseNotification(records []notificationRecord) (parsedEvent, error) {
	var parsed parsedEvent
	for _, record := range records {
		// S3 names the event "ObjectCreated:Post"; versitygw sends "s3:ObjectCreated:Post".
		if !strings.HasPrefix(strings.TrimPrefix(record.EventName, "s3:"), "ObjectCreated:") {
			continue
		}
		key, err := url.QueryUnescape(record.S3.Object.Key)
		if err != nil {
			return parsedEvent{}, fmt.Errorf("%w: object key %q is not URL-encoded: %w", ErrUnsupportedEvent, record.S3.Object.Key, err)
		}
		parsed.objects = append(parsed.objects, objectEvent{
			Bucket:    record.S3.Bucket.Name,
			Key:       key,
			VersionID: record.S3.Object.VersionID,
			ETag:      record.S3.Object.ETag,
		})
	}
	parsed.ignored = len(parsed.objects) == 0
	return parsed, nil
}

func parseScanResult(env envelope) (parsedEvent, error) {
	var detail scanResultDetail
	if err := json.Unmarshal(env.Detail, &detail); err != nil {
		return parsedEvent{}, fmt.Errorf("%w: decoding %q detail: %w", ErrUnsupportedEvent, env.DetailType, err)
	}
	scan := &scanEvent{
		objectEvent: objectEvent{
			Bucket:    detail.S3ObjectDetails.BucketName,
			Key:       detail.S3ObjectDetails.ObjectKey,
			VersionID: detail.S3ObjectDetails.VersionID,
			ETag:      detail.S3ObjectDetails.ETag,
		},
		Status: detail.ScanResultDetails.ScanResultStatus,
	}
	for _, threat := range detail.ScanResultDetails.Threats {
		scan.Threats = append(scan.Threats, threat.Name)
	}
	if scan.Status == "" {
		return parsedEvent{}, fmt.Errorf("%w: scan result without scanResultStatus", ErrUnsupportedEvent)
	}
	return parsedEvent{scan: scan}, nil
}

// sameETag compares two ETags without their quotes, which S3 events leave out and S3 responses include.
func sameETag(a, b string) bool {
	return strings.Trim(a, `"`) == strings.Trim(b, `"`)
}
