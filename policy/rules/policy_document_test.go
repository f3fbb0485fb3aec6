package rules

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePolicyDocument(t *testing.T) {
	tests := []struct {
		name  string
		value property.Value
		want  statementList
	}{
		{
			name: "statement list with scalars",
			value: property.New(`{"Version": "2012-10-17", "Statement": [{
				"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`),
			want: statementList{{Sid: "Read", Effect: "Allow", Action: stringList{"s3:GetObject"}, Resource: stringList{"arn:aws:s3:::b/*"}}},
		},
		{
			name: "single statement object with lists",
			value: property.New(`{"Statement": {
				"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "NotResource": ["arn:aws:s3:::b"]}}`),
			want: statementList{{Effect: "Deny", NotAction: stringList{"iam:*", "sts:*"}, NotResource: stringList{"arn:aws:s3:::b"}}},
		},
		{
			name: "condition values of every scalar type",
			value: property.New(`{"Statement": [{"Effect": "Deny", "Condition": {
				"Bool": {"aws:SecureTransport": false},
				"NumericLessThan": {"s3:TlsVersion": 1.2},
				"StringEquals": {"aws:SourceAccount": ["111122223333", "444455556666"]}}}]}`),
			want: statementList{{Effect: "Deny", Condition: map[string]map[string]stringList{
				"Bool":            {"aws:SecureTransport": {"false"}},
				"NumericLessThan": {"s3:TlsVersion": {"1.2"}},
				"StringEquals":    {"aws:SourceAccount": {"111122223333", "444455556666"}},
			}}},
		},
		{
			name: "object value",
			value: objectValue(map[string]property.Value{
				"Statement": listValue(objectValue(map[string]property.Value{
					"Effect": property.New("Allow"),
					"Action": listValue(property.New("sqs:SendMessage")),
				})),
			}),
			want: statementList{{Effect: "Allow", Action: stringList{"sqs:SendMessage"}}},
		},
		{
			name:  "no statement",
			value: property.New(`{"Version": "2012-10-17"}`),
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			document, err := parsePolicyDocument(tt.value)
			require.NoError(t, err)
			assert.Equal(t, tt.want, document.Statement)
			assert.False(t, document.secret)
		})
	}
}

func TestParsePolicyDocumentErrors(t *testing.T) {
	tests := []struct {
		name    string
		value   property.Value
		wantErr string
	}{
		{name: "truncated json", value: property.New(`{"Statement": [`), wantErr: "unexpected end of JSON input"},
		{name: "number", value: property.New(7.0), wantErr: errNotPolicyDocument.Error()},
		{name: "null", value: property.Value{}, wantErr: errNotPolicyDocument.Error()},
		{
			name:    "object action",
			value:   property.New(`{"Statement": [{"Action": {"s3": "GetObject"}}]}`),
			wantErr: "expected a string, boolean or number, found map[string]interface {}",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePolicyDocument(tt.value)
			assert.EqualError(t, err, tt.wantErr)
		})
	}
}

func TestParsePolicyDocumentSecret(t *testing.T) {
	document, err := parsePolicyDocument(property.New(`{"Statement": [{"Action": "s3:*"}]}`).WithSecret(true))
	require.NoError(t, err)

	assert.True(t, document.secret)
	assert.Equal(t, "[secret]", document.quote(document.Statement[0].Action))
}

func TestHasPublicPrincipal(t *testing.T) {
	tests := []struct {
		name      string
		principal string
		want      bool
	}{
		{name: "star", principal: `"*"`, want: true},
		{name: "aws star", principal: `{"AWS": "*"}`, want: true},
		{name: "aws list with star", principal: `{"AWS": ["arn:aws:iam::111122223333:root", "*"]}`, want: true},
		{name: "account", principal: `{"AWS": "arn:aws:iam::111122223333:root"}`, want: false},
		{name: "service", principal: `{"Service": "lambda.amazonaws.com"}`, want: false},
		{name: "missing", principal: ``, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			statement := policyStatement{Principal: []byte(tt.principal)}
			assert.Equal(t, tt.want, statement.hasPublicPrincipal())
		})
	}
}
