package main

import (
	"context"
	"errors"
	"io"
)

// runRetention: placeholder until `vios retention` is built.
func runRetention(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return errors.New("nog niet gebouwd")
}
