

# --------------------------------------------------------------------------------------------------
# Everything below is the same for every spec: weights files, the data, netgrad's random numbers,
# training (one process or DistributedDataParallel under torchrun), evaluation and --check.

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INVALID = 0, 1, 2, 65   # netgrad's exit codes


class InvalidInput(Exception):
    """A missing or malformed data or weights file: one line on stderr and exit 65, as netgrad."""


class UsageError(Exception):
    """Flags that do not fit the data (--anneal or --keep best without a validation set): exit 2."""


def linear_layers(model):
    """The nn.Linear of layers k = 1..L, in order."""
    return [getattr(model, f"layer{k}") for k in range(1, len(SIZES))]


def batch_norms(model):
    """The BatchNorm of each layer k with batch norm, by k."""
    return {k: getattr(model, f"norm{k}") for k in BATCH_NORM}


def copy_array(arrays, path, name, param, required):
    """arrays[name] into the tensor param (a vector of n_k may be stored n_k × 1, 1 × n_k or n_k);
    an absent array is an error when required, else param keeps its value."""
    shape = tuple(param.shape) if param.dim() == 2 else (param.shape[0], 1)
    if name not in arrays.files:
        if required:
            raise InvalidInput(f"{path}: no array '{name}' (expected shape {shape})")
        return
    value = arrays[name]
    vector = param.dim() == 1 and value.size == shape[0] and value.ndim <= 2
    if value.shape != shape and not vector:
        raise InvalidInput(f"{path}: '{name}' has shape {value.shape} but the network "
                           f"needs {shape}")
    if value.dtype.kind not in "fiu" or not np.all(np.isfinite(value)):
        raise InvalidInput(f"{path}: '{name}' holds values that are not finite numbers")
    with torch.no_grad():
        param.copy_(torch.from_numpy(value.astype(np.float64).reshape(param.shape)))


def load_weights(model, path):
    """W_k (n_k × n_{k−1}) and b_k (n_k × 1, or n_k) from a netgrad .npz (train's weights.npz, a
    verify --dump, numpy.savez). nn.Linear's weight is n_k × n_{k−1} too: nothing is transposed.
    A layer with batch norm also needs gamma_k, beta_k (γ_k, β_k), and takes batch norm's running
    statistics running_mean_k, running_var_k when the file has them (train's weights.npz does;
    without them they stay at 0 and 1, as netgrad's verify --weights)."""
    try:
        arrays = np.load(path)
    except (OSError, ValueError) as e:
        raise InvalidInput(f"cannot read {path}: {e}")
    for k, layer in enumerate(linear_layers(model), start=1):
        copy_array(arrays, path, f"W{k}", layer.weight, True)
        copy_array(arrays, path, f"b{k}", layer.bias, True)
        if k in BATCH_NORM:
            norm = getattr(model, f"norm{k}")
            copy_array(arrays, path, f"gamma{k}", norm.weight, True)
            copy_array(arrays, path, f"beta{k}", norm.bias, True)
            copy_array(arrays, path, f"running_mean{k}", norm.running_mean, False)
            copy_array(arrays, path, f"running_var{k}", norm.running_var, False)


def save_weights(model, path, epoch=None):
    """W1, b1, … as netgrad writes them (b_k as n_k × 1; with batch norm gamma_k, beta_k and the
    running statistics running_mean_k, running_var_k, n_k × 1 too) and, given an epoch, as train's
    weights.npz, `epoch`: the epoch they are from (shape (1,)); atomically: a temporary file, then
    a rename. `netgrad evaluate --weights` and `netgrad verify --weights` read the result."""
    arrays = {} if epoch is None else {"epoch": np.array([float(epoch)])}
    column = lambda t: t.detach().cpu().numpy().reshape(-1, 1)
    for k, layer in enumerate(linear_layers(model), start=1):
        arrays[f"W{k}"] = layer.weight.detach().cpu().numpy()
        arrays[f"b{k}"] = column(layer.bias)
        if k in BATCH_NORM:
            norm = getattr(model, f"norm{k}")
            arrays[f"gamma{k}"], arrays[f"beta{k}"] = column(norm.weight), column(norm.bias)
    for k, norm in batch_norms(model).items():
        arrays[f"running_mean{k}"] = column(norm.running_mean)
        arrays[f"running_var{k}"] = column(norm.running_var)
    target = os.path.abspath(path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix="." + os.path.basename(target))
    try:
        with os.fdopen(fd, "wb") as out:
            np.savez(out, **arrays)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


# --- the data: the four IDX files of (Fashion-)MNIST, plain or gzipped ----------------------------

def read_idx(path, magic):
    """An IDX file: a big-endian header (magic, counts), then unsigned bytes."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    dims = 1 if magic == 0x801 else 3
    if len(data) < 4 + 4 * dims or int.from_bytes(data[:4], "big") != magic:
        raise InvalidInput(f"{path}: not an IDX file (magic number {magic:#010x} expected)")
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).copy()   # writable
    if body.size != int(np.prod(shape)):
        raise InvalidInput(f"{path}: {body.size} bytes of data for a shape of {shape}")
    return body.reshape(shape[0], -1)


def find_idx(directory, base):
    for name in (base, base + ".gz"):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    raise InvalidInput(f"data set {DATASET} not found: no {os.path.join(directory, base)}(.gz)"
                       + (". Install it with: sudo apt-get install dataset-fashion-mnist, or pass"
                          " --data DIR" if DATASET == "fashion_mnist" else "; pass --data DIR"))


def load_data(directory):
    """(images, labels) of the training and the test set; images as bytes, one example per row."""
    parts = []
    for part in ("train", "t10k"):
        images = read_idx(find_idx(directory, f"{part}-images-idx3-ubyte"), 0x803)
        labels = read_idx(find_idx(directory, f"{part}-labels-idx1-ubyte"), 0x801).reshape(-1)
        if len(images) != len(labels):
            raise InvalidInput(f"{directory}: {len(images)} {part} images but {len(labels)} labels")
        if images.shape[1] != SIZES[0] or labels.max(initial=0) >= SIZES[-1]:
            raise InvalidInput(f"{DATASET} has {images.shape[1]} pixels and 10 classes per example"
                               f" but {NAME} takes input {SIZES[0]} and has {SIZES[-1]} outputs")
        parts.append((images, labels.astype(np.int64)))
    return parts


def inputs(images, device):
    """h_0 for a batch: pixels scaled to [0, 1] exactly as netgrad does (p · (1/255), not p/255)."""
    return torch.from_numpy(images).to(device=device, dtype=torch.float64) * (1.0 / 255.0)


def targets(labels, device):
    """e(y), the one-hot targets of a batch of class labels (B × n_L)."""
    return F.one_hot(torch.from_numpy(labels), SIZES[-1]).to(device=device, dtype=torch.float64)


# --- netgrad's random numbers: the same validation split and the same order of examples -----------

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15    # SplittableRandom's default γ: the seed grows by it per number
MASK_SEED = 0x6d61736b73             # train/Trainer's: dropout's masks come from seed ^ MASK_SEED


class JavaSplittableRandom:
    """java.util.SplittableRandom (SplitMix64), which netgrad shuffles with: seeded alike, it gives
    the same validation split and the same order of examples in every epoch as `netgrad train`."""

    def __init__(self, seed):
        self.seed = seed & MASK64

    def next_int32(self):
        """nextInt(): mix32 of the next seed (seed += γ), as an unsigned 32-bit number."""
        self.seed = (self.seed + GOLDEN_GAMMA) & MASK64
        z = self.seed
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK64
        return (((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK64) >> 32

    def next_int(self, bound):
        """nextInt(bound), 0 ≤ r < bound: Java's rejection of the over-represented candidates."""
        r = self.next_int32()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = r >> 1
        while u + m - (u % bound) >= 1 << 31:   # Java: u + m − r < 0 in 32-bit arithmetic
            u = self.next_int32() >> 1
        return u % bound

    def next_doubles(self, n):
        """n numbers of nextDouble() at once: (mix64(seed += γ) >>> 11) · 2⁻⁵³, in [0, 1); numpy's
        uint64 arithmetic wraps as Java's long does."""
        z = np.arange(1, n + 1, dtype=np.uint64) * np.uint64(GOLDEN_GAMMA) + np.uint64(self.seed)
        self.seed = (self.seed + n * GOLDEN_GAMMA) & MASK64
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
        return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53

    def shuffle(self, a):
        """netgrad's Fisher–Yates shuffle of the list a, in place."""
        for i in range(len(a) - 1, 0, -1):
            j = self.next_int(i + 1)
            a[i], a[j] = a[j], a[i]


def split(count, fraction, seed):
    """netgrad's validation split: shuffle 0..count−1 with the seed, hold out round(fraction·count)
    of them; both parts sorted."""
    order = list(range(count))
    JavaSplittableRandom(seed).shuffle(order)
    held = int(math.floor(fraction * count + 0.5))           # Java's Math.round
    return np.array(sorted(order[held:]), dtype=np.int64), np.array(sorted(order[:held]), np.int64)


def draw_masks(random, b, device, rank=0, world=1):
    """netgrad's dropout masks for a step of b examples (model/Masks.redraw): for each layer k with
    dropout in turn, n_k × b numbers u = nextDouble(), unit by unit (a row of b examples each);
    m = 0 where u < p_k, else 1. As PyTorch's b × n_k, the rows of this process's examples
    (every world-th from rank) only; None without dropout."""
    if not DROPOUT:
        return None
    masks = {}
    for k, p in DROPOUT.items():
        u = random.next_doubles(SIZES[k] * b).reshape(SIZES[k], b)
        masks[k] = torch.from_numpy((u >= p).T[rank::world].astype(np.float64)).to(device)
    return masks


# --- training and evaluation ----------------------------------------------------------------------

def evaluate(model, images, labels, device):
    """(loss, accuracy) of a whole set; the loss is the mean of ℓ over it, plus the decay."""
    loss_sum, correct = 0.0, 0
    model.eval()                    # batch norm with the running μ̄_k, σ̄²_k; no dropout
    with torch.no_grad():
        for start in range(0, len(labels), 500):
            a_L = model(inputs(images[start:start + 500], device))
            y = targets(labels[start:start + 500], device)
            loss_sum += example_losses(a_L, y).sum().item()
            correct += (a_L.argmax(dim=1).cpu().numpy() == labels[start:start + 500]).sum()
    model.train()
    return loss_sum / len(labels) + decay_term(model).item(), correct / len(labels)


class KeptEpoch:
    """Which epoch's weights the run keeps, as netgrad's train/KeptEpoch: "best", the epoch whose
    weights classified the most validation examples correctly (a tie goes to the strictly lower
    validation loss, then to the earlier epoch), or "last". With "best" it holds a copy of the
    whole state (W_k, b_k, γ_k, β_k, batch norm's running μ̄_k and σ̄²_k), so the kept weights
    give that epoch's validation figures again. Epoch 0 stands for the initial weights."""

    def __init__(self, keep):
        self.keep, self.epoch, self.state = keep, 0, None
        self.loss = self.accuracy = math.nan

    def offer(self, epoch, loss, accuracy, model):
        """The weights at the end of epoch `epoch`, with its validation loss and accuracy."""
        better = accuracy > self.accuracy or accuracy == self.accuracy and loss < self.loss
        if self.keep == "last" or self.epoch == 0 or better:
            self.epoch, self.loss, self.accuracy = epoch, loss, accuracy
            if self.keep == "best":
                self.state = {name: t.detach().clone() for name, t in model.state_dict().items()}

    def restore(self, model):
        """Sets the model to the kept epoch's weights ("last": they are the model's already)."""
        if self.state is not None:
            model.load_state_dict(self.state)

    def line(self, epochs):
        """netgrad's line, e.g. kept epoch 11 of 15, the best validation accuracy: 90.55% (val loss
        0.2712)."""
        val = "" if math.isnan(self.accuracy) else (
            f"{100 * self.accuracy:.2f}% (val loss {self.loss:.4f})")
        if self.keep == "best":
            return f"kept epoch {self.epoch} of {epochs}, the best validation accuracy: {val}"
        return f"kept epoch {self.epoch} of {epochs}, the last" + (
            f": validation accuracy {val}" if val else "")


def plain(x):
    """A float as netgrad's BigDecimal.toPlainString without trailing zeros: 0.0005, 0.0000625."""
    return np.format_float_positional(x, trim="-")


def train(model, args, device, rank, world):
    """Lecture 4's algorithm in minibatches, as `netgrad train`: shuffle the training part each
    epoch (seeded), then forward, backward and the optimizer's update for every batch of
    BATCH_SIZE (a last, smaller batch covers the rest); validation after each epoch. With
    --anneal, η ← η/2 after every epoch but the last whose validation loss is higher than the
    epoch before's. At the end the model is set to the kept epoch's weights (--keep), whose test
    accuracy is printed; returns that epoch's number."""
    (images, labels), (test_images, test_labels) = load_data(args.data)
    rest, held = split(len(labels), VALIDATION, args.seed)
    if args.anneal and not len(held):
        raise UsageError("--anneal watches the validation loss, but this run has no validation set")
    if args.keep == "best" and not len(held):
        raise UsageError("--keep best chooses by validation accuracy, but this run has no "
                         "validation set")
    kept = KeptEpoch(args.keep or ("best" if len(held) else "last"))   # netgrad's default
    step_model = model
    if world > 1:
        # every process holds the same θ and draws the same order; each takes every world-th example
        # of the batch, and DDP averages the processes' gradients in backward()
        step_model = DDP(model, device_ids=[device.index] if device.type == "cuda" else None)
    optimizer = Optimizer(model.parameters())
    random = JavaSplittableRandom(args.seed)
    mask_random = JavaSplittableRandom(args.seed ^ MASK_SEED)   # netgrad's masks, step after step
    model.train()
    order = list(range(len(rest)))
    say = print if rank == 0 else (lambda *a, **k: None)
    say(f"{NAME}: {'-'.join(map(str, SIZES))}, {OPTIMIZER} η={plain(LEARNING_RATE)}, batch "
        f"{BATCH_SIZE}, {args.epochs} epoch(s), seed {args.seed}"
        + (", anneal" if args.anneal else ""))
    say(f"data: {len(rest):,} training, {len(held):,} validation examples; device {device}, "
        f"{world} process(es)")
    say(f"keeping the {'best-validation' if kept.keep == 'best' else 'last'} epoch")
    start = time.time()
    previous = math.nan                 # the epoch before's validation loss (none before epoch 1)
    for epoch in range(1, args.epochs + 1):
        epoch_start = time.time()
        random.shuffle(order)
        loss_sum, correct = torch.zeros((), dtype=torch.float64), torch.zeros((), dtype=torch.int64)
        for first in range(0, len(rest), BATCH_SIZE):
            batch = rest[order[first:first + BATCH_SIZE]]
            b = len(batch)
            mine = batch[rank::world]
            masks = draw_masks(mask_random, b, device, rank, world)    # the whole batch's, my rows
            a_L = step_model(inputs(images[mine], device), masks=masks)
            losses = example_losses(a_L, targets(labels[mine], device))
            decay = decay_term(model)
            # netgrad's batch loss (1/B) Σ ℓ + (λ/2) Σ_k ‖W_k‖². With P processes each adds its
            # share of the sum scaled by P/B; DDP's mean over the P gradients is then exactly this
            # gradient, also when the last batch does not split evenly.
            loss = losses.sum() * (world / b) + decay
            model.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss_sum += (losses.sum() + decay * len(mine)).detach().cpu()   # before the update
            correct += (a_L.argmax(dim=1).cpu() == torch.from_numpy(labels[mine])).sum()
        if world > 1:
            totals = torch.stack([loss_sum, correct.to(torch.float64)])
            dist.all_reduce(totals)
            loss_sum, correct = totals[0], totals[1]
        if not math.isfinite(loss_sum.item()):
            raise Diverged(f"epoch {epoch}: the training loss is {loss_sum.item()}")
        line = (f"epoch {epoch}/{args.epochs}  train loss {loss_sum.item() / len(rest):.4f} "
                f"acc {100 * correct.item() / len(rest):.2f}%")
        val_loss, val_acc = math.nan, math.nan
        if len(held):
            val_loss, val_acc = evaluate(model, images[held], labels[held], device)
            line += f"  val loss {val_loss:.4f} acc {100 * val_acc:.2f}%"
        say(f"{line}  {time.time() - epoch_start:.1f} s")
        kept.offer(epoch, val_loss, val_acc, model)
        # anneal, as netgrad's Trainer: η ← η/2 when L_val(epoch) > L_val(epoch − 1), never after
        # the last epoch; a comparison with NaN (epoch 1) is false
        if args.anneal and val_loss > previous and epoch < args.epochs:
            optimizer.halve_learning_rate()
            say(f"  val loss went up ({val_loss:.4f} > {previous:.4f}): η halved to "
                f"{plain(optimizer.lr)} for the epochs that follow")
        previous = val_loss
    seconds = time.time() - start
    kept.restore(model)
    say(kept.line(args.epochs))
    test_loss, test_acc = evaluate(model, test_images, test_labels, device)
    say(f"test accuracy {100 * test_acc:.2f}% ({round(test_acc * len(test_labels)):,} of "
        f"{len(test_labels):,}), test loss {test_loss:.4f}, weights of epoch {kept.epoch}; "
        f"trained in {seconds:.1f} s")
    return kept.epoch


class Diverged(Exception):
    """A non-finite training loss: exit 1, as `netgrad train` does."""


# --- --check: autograd against a `netgrad verify --dump` ------------------------------------------

SYMBOLS = {"W": "W", "b": "b", "a": "a", "h": "h", "gamma": "γ", "beta": "β", "ahat": "â"}


def gradient_name(name):
    """∇W_2, ∇γ_1, ∇â_1 for the dump's names W2, gamma1, ahat1."""
    symbol = name.rstrip("0123456789")
    return f"∇{SYMBOLS.get(symbol, symbol)}_{name[len(symbol):]}"


def dump_masks(arrays, path, x, device):
    """Dropout's masks m_k of the dump (n_k × B, netgrad's layout) as PyTorch's B × n_k, by k."""
    if not DROPOUT:
        return None
    masks = {}
    for k in DROPOUT:
        if f"m{k}" not in arrays.files:
            raise InvalidInput(f"{path}: no array 'm{k}' (the mask of layer {k}'s dropout): "
                               "write it with netgrad verify --dump")
        m = arrays[f"m{k}"]
        if m.shape != (SIZES[k], x.shape[0]):
            raise InvalidInput(f"{path}: 'm{k}' has shape {m.shape}, but layer {k} and the batch "
                               f"need {(SIZES[k], x.shape[0])}")
        masks[k] = torch.from_numpy(m.astype(np.float64).T.copy()).to(device)
    return masks


def check(model, path, tolerance, device):
    """Loads the dump's W_k, b_k (γ_k, β_k), x, y and dropout's masks m_k, runs autograd on
    batch_loss in training mode (batch norm on the batch's statistics, netgrad's masks) and
    compares every gradient with the dump's backprop_* arrays (netgrad's layout: a_k, h_k are
    n_k × B, PyTorch's their transpose). A quantity's error is max |p − n| / max |n| over its
    entries: an entry that is small because its sum cancels carries the rounding of its large
    terms, so its own relative error says little. For the same reason ∇b_k of a layer with batch
    norm, 0 up to rounding (the mean subtraction cancels b_k), is measured against its terms:
    max |Δ| / max |∇a_k|."""
    load_weights(model, path)
    model.to(device)
    arrays = np.load(path)
    if "x" not in arrays.files or "y" not in arrays.files:
        raise InvalidInput(f"{path}: no arrays 'x' and 'y': write it with netgrad verify --dump")
    x = torch.from_numpy(arrays["x"].astype(np.float64).T.copy()).to(device)
    y = torch.from_numpy(arrays["y"].astype(np.float64).T.copy()).to(device)
    if x.shape[1] != SIZES[0] or y.shape[1] != SIZES[-1]:
        raise InvalidInput(f"{path}: x is {arrays['x'].shape} and y {arrays['y'].shape}, but {NAME}"
                           f" takes {SIZES[0]} inputs and has {SIZES[-1]} outputs")
    masks = dump_masks(arrays, path, x, device)
    model.train()
    keep = {}
    a_L = model(x, keep, masks)
    for t in keep.values():
        t.retain_grad()
    loss = batch_loss(model, a_L, y)
    loss.backward()
    ours = {}
    for k, layer in enumerate(linear_layers(model), start=1):
        ours[f"W{k}"] = layer.weight.grad
        ours[f"b{k}"] = layer.bias.grad.reshape(-1, 1)
    for k, norm in batch_norms(model).items():
        ours[f"gamma{k}"] = norm.weight.grad.reshape(-1, 1)
        ours[f"beta{k}"] = norm.bias.grad.reshape(-1, 1)
    for name, t in keep.items():
        ours[name] = t.grad.T                                    # B × n_k → n_k × B
    names = [n[len("backprop_"):] for n in arrays.files if n.startswith("backprop_")]
    if not names:
        raise InvalidInput(f"{path}: no backprop_* gradients: write it with netgrad verify --dump")
    print(f"check: {NAME} on {path}, B = {x.shape[0]}: PyTorch autograd against netgrad's backprop")
    print(f"loss L = {loss.item()!r}")
    print("error: max |Δ| / max |netgrad| over the quantity (what --tol bounds); worst entry:")
    print("|Δ| / max(|pytorch|, |netgrad|), large where the entry is small by cancellation")
    print(f"{'quantity':<10}{'shape':<12}{'error':<11}{'worst entry':<13}{'at':<12}"
          "pytorch / netgrad")
    worst, cancelled = 0.0, []
    for name in names:
        theirs = torch.from_numpy(arrays["backprop_" + name].astype(np.float64)).to(device)
        mine = ours[name].detach()
        if tuple(mine.shape) != tuple(theirs.shape):
            raise InvalidInput(f"{path}: backprop_{name} has shape {tuple(theirs.shape)}, "
                               f"PyTorch's gradient {tuple(mine.shape)}")
        diff = (mine - theirs).abs()
        largest = theirs.abs().max().item()
        k = name[1:]
        if name[0] == "b" and k.isdigit() and int(k) in BATCH_NORM and f"backprop_a{k}" in arrays:
            largest = np.abs(arrays[f"backprop_a{k}"]).max()   # ∇b_k = Σ_batch ∇a_k = 0: its terms
            cancelled.append(gradient_name(name))
        error = diff.max().item() / largest if largest > 0 else diff.max().item()
        scale = torch.maximum(mine.abs(), theirs.abs())
        entry = torch.where(scale > 0, diff / scale, torch.zeros_like(scale))
        r, c = divmod(int(entry.argmax()), entry.shape[1])
        worst = max(worst, error)
        print(f"{gradient_name(name):<10}{'(%dx%d)' % tuple(theirs.shape):<12}{error:<11.2e}"
              f"{entry.max().item():<13.2e}{'[%d,%d]' % (r, c):<12}"
              f"{mine[r, c].item():.6g} / {theirs[r, c].item():.6g}")
    if cancelled:
        print(f"note: {', '.join(cancelled)}: 0 up to rounding (the mean subtraction cancels"
              " b_k); error against max |∇a_k|")
    verdict = "agree" if worst <= tolerance else "DISAGREE"
    print(f"worst error {worst:.2e}, tolerance {tolerance:g}: all {len(names)} gradients {verdict}"
          + (" with netgrad's backprop" if worst <= tolerance else ""))
    return EXIT_OK if worst <= tolerance else EXIT_FAILED


# --- the command line -----------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default=None,
                        help="cpu, cuda, cuda:1, … (default: cuda when available, else cpu)")
    parser.add_argument("--distributed", action="store_true",
                        help="DistributedDataParallel, one process per device: run under torchrun")
    parser.add_argument("--check", metavar="FILE.npz",
                        help="compare autograd's gradients with a netgrad verify --dump, then exit")
    parser.add_argument("--tol", type=float, default=1e-12,
                        help="relative tolerance of --check (default: %(default)g)")
    parser.add_argument("--weights", metavar="FILE.npz", default=WEIGHTS,
                        help="start from these W_k, b_k (γ_k, β_k, μ̄_k, σ̄²_k) (default: " + (
                            WEIGHTS or "the spec's init, drawn by PyTorch") + ")")
    parser.add_argument("--data", metavar="DIR", default=DATA_DIR,
                        help="directory of the four IDX files (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="default: %(default)s")
    parser.add_argument("--seed", type=int, default=SEED,
                        help="seed of the init, the split and the shuffling (default: %(default)s)")
    parser.add_argument("--save", metavar="FILE.npz",
                        help="write the kept epoch's W_k, b_k (γ_k, β_k, μ̄_k, σ̄²_k) here")
    parser.add_argument("--keep", choices=("best", "last"), default=None,
                        help="which epoch's weights to keep: best (the highest validation "
                             "accuracy; the default with a validation set) or last (the default "
                             "without one)")
    parser.add_argument("--anneal", action=argparse.BooleanOptionalAction, default=ANNEAL,
                        help="halve η after every epoch whose validation loss is higher than the "
                             "epoch before's (default: the spec's, %(default)s)")
    args = parser.parse_args(argv)
    if args.epochs < 1:
        parser.error("--epochs must be at least 1")
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    rank, world = 0, 1
    try:
        if args.distributed:
            if BATCH_NORM:
                parser.error("--distributed: batch norm normalises over the whole batch, which DDP"
                             " would split over the processes; train in one process")
            if "RANK" not in os.environ:
                parser.error("--distributed runs under torchrun, e.g. "
                             "torchrun --nproc_per_node 2 model.py --distributed")
            dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
            rank, world = dist.get_rank(), dist.get_world_size()
            if device.type == "cuda":
                device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
                torch.cuda.set_device(device)
        model = Net()
        if args.check:
            return check(model, args.check, args.tol, device)
        if args.weights:
            load_weights(model, args.weights)
        else:
            initialise(model, torch.Generator().manual_seed(args.seed))   # on the CPU: as on a GPU
        model.to(device)
        epoch = train(model, args, device, rank, world)
        if args.save and rank == 0:
            save_weights(model, args.save, epoch)
            print(f"wrote {args.save} (the weights of epoch {epoch})")
        return EXIT_OK
    except InvalidInput as e:
        print(f"{sys.argv[0]}: {e}", file=sys.stderr)
        return EXIT_INVALID
    except UsageError as e:
        print(f"{sys.argv[0]}: {e}", file=sys.stderr)
        return EXIT_USAGE
    except Diverged as e:
        print(f"{sys.argv[0]}: {e}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if world > 1 or (args.distributed and dist.is_initialized()):
            dist.destroy_process_group()


if __name__ == "__main__":
    sys.exit(main())
