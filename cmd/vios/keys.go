package main

import (
	"context"
	"errors"
	"io"
)

// runKeys: placeholder until `vios keys` is built.
func runKeys(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return errors.New("nog niet gebouwd")
}
