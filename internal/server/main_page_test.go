package server

import (
	"testing"

	"damlam/internal/testdb"
)

// TestMain stops the throwaway PostgreSQL cluster the page tests start.
func TestMain(m *testing.M) { testdb.Main(m) }
