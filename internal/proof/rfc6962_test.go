package proof

import (
	"encoding/hex"
	"testing"

	merkleproof "github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

// Known answers from the Certificate Transparency reference test data
// (RFC 6962 trees over eight fixed inputs), as published with
// transparency-dev/merkle.
var (
	rfcLeaves     = []string{"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"}
	rfcLeafHashes = []string{
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		"0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
		"07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
		"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
		"4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
		"b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
		"46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
	}
	// rfcRoots[n] is the root of the tree of the first n inputs.
	rfcRoots = []string{
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
		"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
		"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
		"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
		"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
		"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
	}
	// Inclusion proofs: zero-based index, tree size, audit path.
	rfcInclusion = []struct {
		index, size uint64
		proof       []string
	}{
		{0, 8, []string{"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
		{5, 8, []string{"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
		{2, 3, []string{"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
		{1, 5, []string{"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
	}
	rfcConsistency = []struct {
		size1, size2 uint64
		proof        []string
	}{
		{1, 8, []string{"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
		{6, 8, []string{"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
		{2, 5, []string{"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
		{6, 7, []string{"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
	}
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func unhexAll(t testing.TB, ss []string) [][32]byte {
	out := make([][32]byte, len(ss))
	for i, s := range ss {
		out[i] = [32]byte(unhex(t, s))
	}
	return out
}

// mth is RFC 6962's Merkle Tree Hash, written from the RFC's definition.
func mth(leaves [][]byte) [32]byte {
	switch len(leaves) {
	case 0:
		return [32]byte(unhexNoT(rfcRoots[0]))
	case 1:
		return LeafHash(leaves[0])
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	return NodeHash(mth(leaves[:k]), mth(leaves[k:]))
}

func unhexNoT(s string) []byte { b, _ := hex.DecodeString(s); return b }

func TestRFC6962KnownAnswers(t *testing.T) {
	var inputs [][]byte
	for i, l := range rfcLeaves {
		in := unhex(t, l)
		inputs = append(inputs, in)
		if got := LeafHash(in); hex.EncodeToString(got[:]) != rfcLeafHashes[i] {
			t.Errorf("LeafHash(%s) = %x", l, got)
		}
		if rh := rfc6962.DefaultHasher.HashLeaf(in); hex.EncodeToString(rh) != rfcLeafHashes[i] {
			t.Errorf("merkle HashLeaf(%s) = %x", l, rh)
		}
	}
	for n, want := range rfcRoots {
		if got := mth(inputs[:n]); hex.EncodeToString(got[:]) != want {
			t.Errorf("root of %d leaves = %x, want %s", n, got, want)
		}
	}
	for _, tc := range rfcInclusion {
		root := unhex(t, rfcRoots[tc.size])
		lh := LeafHash(inputs[tc.index])
		p := toSlices(unhexAll(t, tc.proof))
		if err := merkleproof.VerifyInclusion(rfc6962.DefaultHasher, tc.index, tc.size, lh[:], p, root); err != nil {
			t.Errorf("inclusion %d/%d: %v", tc.index, tc.size, err)
		}
	}
	for _, tc := range rfcConsistency {
		old := Checkpoint{Origin: "o", Size: tc.size1, Root: [32]byte(unhex(t, rfcRoots[tc.size1]))}
		cur := Checkpoint{Origin: "o", Size: tc.size2, Root: [32]byte(unhex(t, rfcRoots[tc.size2]))}
		if err := VerifyConsistency(old, cur, unhexAll(t, tc.proof)); err != nil {
			t.Errorf("consistency %d→%d: %v", tc.size1, tc.size2, err)
		}
		cur.Root[0] ^= 1
		if VerifyConsistency(old, cur, unhexAll(t, tc.proof)) == nil {
			t.Errorf("consistency %d→%d accepted a wrong root", tc.size1, tc.size2)
		}
	}
}
