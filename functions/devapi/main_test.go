package main

import (
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRequireLoopback(t *testing.T) {
	tests := []struct {
		name    string
		addr    string
		wantErr bool
	}{
		{name: "IPv4 loopback", addr: "127.0.0.1:8080"},
		{name: "other loopback address", addr: "127.0.0.2:8080"},
		{name: "IPv6 loopback", addr: "[::1]:8080"},
		{name: "localhost", addr: "localhost:8080"},
		{name: "all interfaces", addr: ":8080", wantErr: true},
		{name: "unspecified", addr: "0.0.0.0:8080", wantErr: true},
		{name: "private address", addr: "10.0.0.5:8080", wantErr: true},
		{name: "host name", addr: "devbox:8080", wantErr: true},
		{name: "no port", addr: "127.0.0.1", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := requireLoopback(tt.addr)

			assert.Equal(t, tt.wantErr, err != nil, "error: %v", err)
		})
	}
}

func TestRunRejectsOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    options
		wantErr string
	}{
		{name: "public address", opts: options{addr: "0.0.0.0:8080"}, wantErr: "not on the loopback interface"},
		{name: "issuer without JWKS URL", opts: options{addr: "127.0.0.1:0", issuer: "https://cognito-idp.eu-west-1.amazonaws.com/x"}, wantErr: "set -issuer and -jwks-url together"},
		{name: "JWKS URL without issuer", opts: options{addr: "127.0.0.1:0", jwksURL: "https://example.com/jwks.json"}, wantErr: "set -issuer and -jwks-url together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.opts, nil, io.Discard)

			assert.ErrorContains(t, err, tt.wantErr)
		})
	}
}

func TestSplitList(t *testing.T) {
	assert.Equal(t, []string{"a", "b"}, splitList(" a, ,b,"))
	assert.Nil(t, splitList(""))
}
