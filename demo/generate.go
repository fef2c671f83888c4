package demo

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strconv"
)

// Names for generated data sets (vios gen): the same fictional pools as the
// demo, so a generated data set never holds a real person's or school's name.

// PersonName returns the k-th fictional person name of the pool with seed:
// first name and surname. Names repeat after 2,400 (the pool's size), as
// they would in a real country.
func PersonName(seed, k int) string {
	n := len(firstNames) * len(surnames)
	c := ((seed*197)%n + (k%n)*nameStep) % n
	return firstNames[c%len(firstNames)] + " " + surnames[c/len(firstNames)]
}

// SchoolName returns a fictional school name of schoolType ("po", "vo", …)
// for the j-th school with seed; distinct for j below 1,080 per type.
func SchoolName(seed int, schoolType string, j int) string {
	return schoolName(seed, schoolType, j)
}

// NameSeedCount is how many distinct seeds give a distinct municipality
// offset into the name pools.
const NameSeedCount = 2400

// GenEmail is the address of the k-th generated account of the
// municipality with slug (vios gen): the reserved .example domain.
func GenEmail(slug string, k int) string {
	return fmt.Sprintf("gen%06d@%s.gen.example", k, slug)
}

// GenTOTPSecret is the TOTP secret every account of a data set generated
// with seed shares (vios gen), so a load test can log in through the real
// second factor. Generated data sets only: a real account's secret is
// random and its own.
func GenTOTPSecret(seed uint64) string {
	sum := sha256.Sum256([]byte("vios-gen-totp/" + strconv.FormatUint(seed, 10)))
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:20])
}

// GenLoadSlug is the municipality whose generated accounts a load test
// logs in with: Arnhem has the demo covenant and core team.
const GenLoadSlug = "arnhem"
