package fileapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/secureserverless/framework/functions/internal/awsclient"
	"github.com/secureserverless/framework/functions/internal/files"
	"github.com/secureserverless/framework/functions/internal/httpapi"
)

// ListAPI is the part of the S3 client that listings use.
type ListAPI interface {
	ListObjectsV2(ctx context.Context, params *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	HeadObject(ctx context.Context, params *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// storedFile is a file object with its parsed key and metadata.
type storedFile struct {
	ref          files.Ref
	metadata     files.Metadata
	contentType  string
	size         int64
	lastModified time.Time
}

// page is one page of a listing.
type page struct {
	files []storedFile
	// last is the key of the last object of the page when more follow, or "".
	last string
}

// pageSize reads the limit query parameter: DefaultPageSize when absent, at most MaxPageSize.
func pageSize(c *call) (int32, error) {
	value, err := c.query("limit")
	if err != nil || value == "" {
		return DefaultPageSize, err
	}
	limit, err := strconv.Atoi(value)
	if err != nil || limit < 1 || limit > MaxPageSize {
		return 0, httpapi.NewClientError(http.StatusBadRequest, CodeInvalidParameter,
			"limit must be a whole number from 1 to %d, got %q.", MaxPageSize, value)
	}
	return int32(limit), nil
}

// listFiles lists up to limit file objects under prefix after the key startAfter ("" for the first page) and
// reads the metadata of each with HeadObject, headParallelism calls at a time. Objects whose key is not a file
// key of the layout, or that disappear between the listing and the HeadObject call, are left out.
func listFiles(ctx context.Context, client ListAPI, bucket string, layout files.Layout, prefix, startAfter string,
	limit int32) (page, error) {
	input := &s3.ListObjectsV2Input{
		Bucket:  aws.String(bucket),
		Prefix:  aws.String(prefix),
		MaxKeys: aws.Int32(limit),
	}
	if startAfter != "" {
		input.StartAfter = aws.String(startAfter)
	}
	output, err := client.ListObjectsV2(ctx, input)
	if err != nil {
		return page{}, fmt.Errorf("listing objects under %s: %w", prefix, err)
	}

	var refs []files.Ref
	for _, object := range output.Contents {
		ref, err := layout.Parse(aws.ToString(object.Key))
		if err == nil {
			refs = append(refs, ref)
		}
	}
	found, err := headFiles(ctx, client, bucket, layout, refs)
	if err != nil {
		return page{}, err
	}

	result := page{files: found}
	if aws.ToBool(output.IsTruncated) && len(output.Contents) > 0 {
		result.last = aws.ToString(output.Contents[len(output.Contents)-1].Key)
	}
	return result, nil
}

// headFiles reads the metadata of refs concurrently and returns the files in the order of refs, without those
// that no longer exist.
func headFiles(ctx context.Context, client ListAPI, bucket string, layout files.Layout, refs []files.Ref) ([]storedFile, error) {
	results := make([]*storedFile, len(refs))
	errs := make([]error, len(refs))
	semaphore := make(chan struct{}, headParallelism)
	var wg sync.WaitGroup
	for i, ref := range refs {
		wg.Add(1)
		semaphore <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-semaphore }()
			results[i], errs[i] = headFile(ctx, client, bucket, layout, ref)
		}()
	}
	wg.Wait()

	found := make([]storedFile, 0, len(refs))
	for i := range refs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if results[i] != nil {
			found = append(found, *results[i])
		}
	}
	return found, nil
}

// headFile reads one file's metadata, or returns nil when the object does not exist.
func headFile(ctx context.Context, client ListAPI, bucket string, layout files.Layout, ref files.Ref) (*storedFile, error) {
	key := ref.Key(layout)
	output, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if awsclient.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading metadata of %s: %w", key, err)
	}

	metadata, err := files.ParseMetadata(output.Metadata)
	if err != nil {
		return nil, fmt.Errorf("reading metadata of %s: %w", key, err)
	}
	if metadata.Owner != ref.Owner {
		return nil, fmt.Errorf("reading metadata of %s: owner %q in metadata differs from the key", key, metadata.Owner)
	}
	return &storedFile{
		ref:          ref,
		metadata:     metadata,
		contentType:  aws.ToString(output.ContentType),
		size:         aws.ToInt64(output.ContentLength),
		lastModified: aws.ToTime(output.LastModified).UTC(),
	}, nil
}
