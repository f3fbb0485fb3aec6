package run

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClassifyAddsEngineError(t *testing.T) {
	t.Parallel()
	summary := &Summary{Operation: "preview", Errors: []string{
		"invalid input authMfa=SOMETIMES of component secureserverless:index:Platform",
	}}
	err := classify(summary, errors.New("exit status 1"))
	assert.ErrorContains(t, err, "preview failed: exit status 1")
	assert.ErrorContains(t, err, "authMfa=SOMETIMES", "the cause of the failure ends the message")
}

func TestClassifySkipsCauseAlreadyInError(t *testing.T) {
	t.Parallel()
	cause := "stack dev has no settings file"
	summary := &Summary{Operation: "up", Errors: []string{cause}}
	err := classify(summary, errors.New("exit status 1: "+cause))
	assert.Equal(t, "up failed: exit status 1: "+cause, err.Error())
}

func TestClassifySuccess(t *testing.T) {
	t.Parallel()
	assert.NoError(t, classify(&Summary{Operation: "up", Errors: []string{"ignored"}}, nil))
}
