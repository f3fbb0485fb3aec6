// Package s3fake is a hand-written fake of the S3 client calls that the functions make, for unit tests. Each
// call runs the function field of the same name and is recorded; a call whose field is nil fails the test.
package s3fake

import (
	"context"
	"fmt"
	"sync"
	"testing"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Call is one recorded call: the operation name and its input.
type Call struct {
	Operation string
	Input     any
}

// Client implements the narrow S3 interfaces of fileapi and validation. It is safe for concurrent use.
type Client struct {
	T testing.TB

	HeadObjectFunc         func(*s3.HeadObjectInput) (*s3.HeadObjectOutput, error)
	GetObjectFunc          func(*s3.GetObjectInput) (*s3.GetObjectOutput, error)
	GetObjectTaggingFunc   func(*s3.GetObjectTaggingInput) (*s3.GetObjectTaggingOutput, error)
	CopyObjectFunc         func(*s3.CopyObjectInput) (*s3.CopyObjectOutput, error)
	DeleteObjectFunc       func(*s3.DeleteObjectInput) (*s3.DeleteObjectOutput, error)
	DeleteObjectsFunc      func(*s3.DeleteObjectsInput) (*s3.DeleteObjectsOutput, error)
	ListObjectsV2Func      func(*s3.ListObjectsV2Input) (*s3.ListObjectsV2Output, error)
	ListObjectVersionsFunc func(*s3.ListObjectVersionsInput) (*s3.ListObjectVersionsOutput, error)
	PresignPostObjectFunc  func(*s3.PutObjectInput, s3.PresignPostOptions) (*s3.PresignedPostRequest, error)
	PresignGetObjectFunc   func(*s3.GetObjectInput, s3.PresignOptions) (*v4.PresignedHTTPRequest, error)

	mu    sync.Mutex
	calls []Call
}

// New returns a Client that reports unexpected calls to t.
func New(t testing.TB) *Client {
	return &Client{T: t}
}

// Calls returns the recorded calls in order.
func (c *Client) Calls() []Call {
	c.mu.Lock()
	defer c.mu.Unlock()

	return append([]Call(nil), c.calls...)
}

// Operations returns the names of the recorded calls in order.
func (c *Client) Operations() []string {
	var names []string
	for _, call := range c.Calls() {
		names = append(names, call.Operation)
	}
	return names
}

func (c *Client) record(operation string, input any, set bool) error {
	c.mu.Lock()
	c.calls = append(c.calls, Call{Operation: operation, Input: input})
	c.mu.Unlock()

	if !set {
		c.T.Errorf("unexpected S3 call %s(%+v)", operation, input)
		return fmt.Errorf("s3fake: unexpected call %s", operation)
	}
	return nil
}

// HeadObject calls HeadObjectFunc.
func (c *Client) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	if err := c.record("HeadObject", in, c.HeadObjectFunc != nil); err != nil {
		return nil, err
	}
	return c.HeadObjectFunc(in)
}

// GetObject calls GetObjectFunc.
func (c *Client) GetObject(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	if err := c.record("GetObject", in, c.GetObjectFunc != nil); err != nil {
		return nil, err
	}
	return c.GetObjectFunc(in)
}

// GetObjectTagging calls GetObjectTaggingFunc.
func (c *Client) GetObjectTagging(_ context.Context, in *s3.GetObjectTaggingInput, _ ...func(*s3.Options)) (*s3.GetObjectTaggingOutput, error) {
	if err := c.record("GetObjectTagging", in, c.GetObjectTaggingFunc != nil); err != nil {
		return nil, err
	}
	return c.GetObjectTaggingFunc(in)
}

// CopyObject calls CopyObjectFunc.
func (c *Client) CopyObject(_ context.Context, in *s3.CopyObjectInput, _ ...func(*s3.Options)) (*s3.CopyObjectOutput, error) {
	if err := c.record("CopyObject", in, c.CopyObjectFunc != nil); err != nil {
		return nil, err
	}
	return c.CopyObjectFunc(in)
}

// DeleteObject calls DeleteObjectFunc.
func (c *Client) DeleteObject(_ context.Context, in *s3.DeleteObjectInput, _ ...func(*s3.Options)) (*s3.DeleteObjectOutput, error) {
	if err := c.record("DeleteObject", in, c.DeleteObjectFunc != nil); err != nil {
		return nil, err
	}
	return c.DeleteObjectFunc(in)
}

// DeleteObjects calls DeleteObjectsFunc.
func (c *Client) DeleteObjects(_ context.Context, in *s3.DeleteObjectsInput, _ ...func(*s3.Options)) (*s3.DeleteObjectsOutput, error) {
	if err := c.record("DeleteObjects", in, c.DeleteObjectsFunc != nil); err != nil {
		return nil, err
	}
	return c.DeleteObjectsFunc(in)
}

// ListObjectsV2 calls ListObjectsV2Func.
func (c *Client) ListObjectsV2(_ context.Context, in *s3.ListObjectsV2Input, _ ...func(*s3.Options)) (*s3.ListObjectsV2Output, error) {
	if err := c.record("ListObjectsV2", in, c.ListObjectsV2Func != nil); err != nil {
		return nil, err
	}
	return c.ListObjectsV2Func(in)
}

// ListObjectVersions calls ListObjectVersionsFunc.
func (c *Client) ListObjectVersions(_ context.Context, in *s3.ListObjectVersionsInput, _ ...func(*s3.Options)) (*s3.ListObjectVersionsOutput, error) {
	if err := c.record("ListObjectVersions", in, c.ListObjectVersionsFunc != nil); err != nil {
		return nil, err
	}
	return c.ListObjectVersionsFunc(in)
}

// PresignPostObject calls PresignPostObjectFunc with the options after applying optFns.
func (c *Client) PresignPostObject(_ context.Context, in *s3.PutObjectInput, optFns ...func(*s3.PresignPostOptions)) (*s3.PresignedPostRequest, error) {
	if err := c.record("PresignPostObject", in, c.PresignPostObjectFunc != nil); err != nil {
		return nil, err
	}
	var options s3.PresignPostOptions
	for _, fn := range optFns {
		fn(&options)
	}
	return c.PresignPostObjectFunc(in, options)
}

// PresignGetObject calls PresignGetObjectFunc with the options after applying optFns.
func (c *Client) PresignGetObject(_ context.Context, in *s3.GetObjectInput, optFns ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	if err := c.record("PresignGetObject", in, c.PresignGetObjectFunc != nil); err != nil {
		return nil, err
	}
	var options s3.PresignOptions
	for _, fn := range optFns {
		fn(&options)
	}
	return c.PresignGetObjectFunc(in, options)
}
