//go:build ignore

// Command icons draws the app icons of the installable web app (PNG, from
// the same shield as web/static/favicon.svg) into web/static/icons. Run it
// once after changing the design: go run scripts/icons.go
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

type pt struct{ x, y float64 }

func cubic(p0, p1, p2, p3 pt, n int) []pt {
	var out []pt
	for i := 1; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		out = append(out, pt{
			u*u*u*p0.x + 3*u*u*t*p1.x + 3*u*t*t*p2.x + t*t*t*p3.x,
			u*u*u*p0.y + 3*u*u*t*p1.y + 3*u*t*t*p2.y + t*t*t*p3.y})
	}
	return out
}

// shield is the favicon's shield in its 32-unit box.
func shield() []pt {
	p := []pt{{16, 5}, {25, 9}, {25, 16}}
	p = append(p, cubic(pt{25, 16}, pt{25, 22}, pt{21, 26}, pt{16, 28}, 24)...)
	p = append(p, cubic(pt{16, 28}, pt{11, 26}, pt{7, 22}, pt{7, 16}, 24)...)
	return append(p, pt{7, 9})
}

func inside(poly []pt, q pt) bool {
	in := false
	for i, j := 0, len(poly)-1; i < len(poly); j, i = i, i+1 {
		a, b := poly[i], poly[j]
		if (a.y > q.y) != (b.y > q.y) && q.x < (b.x-a.x)*(q.y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}

func segDist(q, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := math.Max(0, math.Min(1, ((q.x-a.x)*dx+(q.y-a.y)*dy)/(dx*dx+dy*dy)))
	return math.Hypot(q.x-a.x-t*dx, q.y-a.y-t*dy)
}

// draw renders the icon at size px. scale shrinks the shield around the
// centre (a maskable icon keeps it in the safe zone); rounded gives the
// background the favicon's rounded corners, else it fills the square.
func draw(size int, scale float64, rounded bool) *image.NRGBA {
	blue := color.NRGBA{0x15, 0x42, 0x73, 0xff}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	poly := shield()
	check := []pt{{12, 16}, {15, 19}, {21, 13}}
	const ss = 4 // supersampling per axis
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var bg, white float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					// the sample in the 32-unit box
					u := (float64(x) + (float64(sx)+.5)/ss) * 32 / float64(size)
					v := (float64(y) + (float64(sy)+.5)/ss) * 32 / float64(size)
					if rounded {
						cx, cy := math.Max(6, math.Min(26, u)), math.Max(6, math.Min(26, v))
						if math.Hypot(u-cx, v-cy) > 6 {
							continue
						}
					}
					bg++
					q := pt{16 + (u-16)/scale, 16 + (v-16)/scale}
					if inside(poly, q) && segDist(q, check[0], check[1]) > 1.25 && segDist(q, check[1], check[2]) > 1.25 {
						white++
					}
				}
			}
			if bg == 0 {
				continue
			}
			w := white / bg
			img.SetNRGBA(x, y, color.NRGBA{
				uint8(float64(blue.R)*(1-w) + 255*w), uint8(float64(blue.G)*(1-w) + 255*w), uint8(float64(blue.B)*(1-w) + 255*w),
				uint8(255 * bg / ss / ss)})
		}
	}
	return img
}

func write(name string, img image.Image) {
	f, err := os.Create("web/static/icons/" + name)
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func main() {
	write("icon-192.png", draw(192, 1, true))
	write("icon-512.png", draw(512, 1, true))
	// The safe zone of a maskable icon is the circle of 80 % of its width.
	write("icon-maskable-512.png", draw(512, 0.7, false))
	write("icon-maskable-192.png", draw(192, 0.7, false))
}
