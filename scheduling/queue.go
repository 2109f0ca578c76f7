package scheduling

import (
	"fmt"
)

// defaultQueue is the queue Volcano's admission assigns to a job that names none.
const defaultQueue = "default"

// queueGate compares the gang's least resource need with its queue's capability − allocated. Like
// Volcano's enqueue check it is separate from packing: a queue can admit a gang no cluster fits, and
// a cluster can fit a gang its queue would hold back.
func queueGate(d *demand, snap *ClusterSnapshot, field string) (*QueueResult, error) {
	name := d.queue
	if name == "" {
		name = defaultQueue
	}
	for i := range snap.Queues {
		q := &snap.Queues[i]
		if q.Name == name {
			return admit(d, q, fmt.Sprintf("%s.queues[%d]", field, i))
		}
	}
	return &QueueResult{Queue: name, Admitted: false, Message: fmt.Sprintf("queue %q does not exist in cluster %q", name, snap.Name)}, nil
}

func admit(d *demand, q *Queue, field string) (*QueueResult, error) {
	for k, name := range d.dims {
		if k == d.podsDim {
			continue
		}
		need := d.minNeed[k]
		if _, limited := q.Capability[name]; !limited || need == 0 {
			continue
		}
		capacity, err := milliField(q.Capability, name, field+".capability")
		if err != nil {
			return nil, err
		}
		used, err := milliField(q.Allocated, name, field+".allocated")
		if err != nil {
			return nil, err
		}
		have := max(capacity-used, 0)
		if need > have {
			return &QueueResult{
				Queue: q.Name, Admitted: false, Resource: name, Need: quantityOf(name, need), Have: quantityOf(name, have),
				Message: fmt.Sprintf("queue %q holds the gang back: it needs %s %s, the queue has %s left of its capability",
					q.Name, fmtQ(name, need), name, fmtQ(name, have)),
			}, nil
		}
	}
	return &QueueResult{Queue: q.Name, Admitted: true, Message: fmt.Sprintf("queue %q has room for the gang's minimum", q.Name)}, nil
}
