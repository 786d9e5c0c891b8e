// A minimal containerd-stargz-grpc for the lazy-pull e2e test. Debian 12's stargz-snapshotter package ships only
// ctr-remote; the snapshotter daemon's own main (upstream cmd/containerd-stargz-grpc) pulls in the CRI, kubeconfig
// and IPFS keychains, which Debian does not package. This is that main without them, built from Debian's
// golang-github-containerd-stargz-snapshotter-dev sources (0.12.0) by scripts/build-stargz-grpc.sh: the same
// snapshotter, filesystem (FUSE) and estargz reader, serving containerd's snapshots API on a unix socket.
package main

import (
	"context"
	"flag"
	"net"
	"os"
	"path/filepath"

	snapshotsapi "github.com/containerd/containerd/api/services/snapshots/v1"
	"github.com/containerd/containerd/contrib/snapshotservice"
	"github.com/containerd/containerd/log"
	"github.com/containerd/stargz-snapshotter/fs"
	memorymetadata "github.com/containerd/stargz-snapshotter/metadata/memory"
	"github.com/containerd/stargz-snapshotter/service"
	"github.com/pelletier/go-toml"
	"github.com/sirupsen/logrus"
	"google.golang.org/grpc"
)

func main() {
	address := flag.String("address", "/run/containerd-stargz-grpc/containerd-stargz-grpc.sock", "socket")
	configPath := flag.String("config", "", "config.toml ([resolver.host...] as upstream)")
	rootDir := flag.String("root", "/var/lib/containerd-stargz-grpc", "state directory")
	flag.Parse()
	logrus.SetLevel(logrus.DebugLevel)
	ctx := log.WithLogger(context.Background(), log.L)

	var config service.Config
	if *configPath != "" {
		tree, err := toml.LoadFile(*configPath)
		if err != nil {
			log.G(ctx).WithError(err).Fatal("config")
		}
		if err := tree.Unmarshal(&config); err != nil {
			log.G(ctx).WithError(err).Fatal("config")
		}
	}
	if err := service.Supported(*rootDir); err != nil {
		log.G(ctx).WithError(err).Fatal("snapshotter is not supported")
	}
	fsOpts := []fs.Option{fs.WithMetricsLogLevel(logrus.InfoLevel), fs.WithMetadataStore(memorymetadata.NewReader)}
	rs, err := service.NewStargzSnapshotterService(ctx, *rootDir, &config, service.WithFilesystemOptions(fsOpts...))
	if err != nil {
		log.G(ctx).WithError(err).Fatal("snapshotter")
	}
	rpc := grpc.NewServer()
	snapshotsapi.RegisterSnapshotsServer(rpc, snapshotservice.FromSnapshotter(rs))
	if err := os.MkdirAll(filepath.Dir(*address), 0700); err != nil {
		log.G(ctx).WithError(err).Fatal("socket dir")
	}
	os.Remove(*address)
	l, err := net.Listen("unix", *address)
	if err != nil {
		log.G(ctx).WithError(err).Fatal("listen")
	}
	log.G(ctx).Info("serving on ", *address)
	if err := rpc.Serve(l); err != nil {
		log.G(ctx).WithError(err).Fatal("serve")
	}
}
