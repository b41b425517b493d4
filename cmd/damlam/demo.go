package main

import (
	"context"

	"damlam/internal/demo"
	"damlam/internal/sqlstore"
)

const demoPassword = demo.Password

func loadDemo(ctx context.Context, store *sqlstore.Store) (bool, error) {
	return demo.Load(ctx, store, store.Now())
}
